"""specs: the candidate's contracts are valid documents that agree with each other (accord lint)."""

REQUIRES: tuple[str, ...] = ()
