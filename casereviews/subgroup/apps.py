from django.apps import AppConfig


class SubgroupConfig(AppConfig):
    name = "casereviews.subgroup"
    label = "subgroup"
    verbose_name = "The sub-group: meetings, health checks, terms of reference"
