"""`accord lint`: validate every contract document in a specs folder and cross-check them."""

from accord.speclint.problem import Problem
from accord.speclint.runner import LintResult, SpecsNotFound, lint

__all__ = ["LintResult", "Problem", "SpecsNotFound", "lint"]
