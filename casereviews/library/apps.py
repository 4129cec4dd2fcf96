from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "casereviews.library"
    label = "library"
    verbose_name = "Learning library"

    def ready(self) -> None:
        from casereviews.core import search_index
        from casereviews.library import indexing

        search_index.connect(indexing.index_record, indexing.remove_record)
