"""The demo partnership (`casereviews demo`): data (seed 002's year) and the loader that drives
every app's services."""
