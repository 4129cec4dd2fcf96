"""Labelled evaluation data for the theme engine (see LABELLING.md) and the rule that splits it."""
