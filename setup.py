"""Builds the theme engine's C scan (casereviews/analysis/_scan.c); metadata is in pyproject."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "casereviews.analysis._scan",
            ["casereviews/analysis/_scan.c"],
            extra_compile_args=["-O2", "-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
        )
    ]
)
