"""The gradebook's domain errors.

Each carries a message key of the catalogue (:mod:`simulator.messages`) and its parameters —
never a sentence: the text is looked up, in the user's language, only when the CLI shows it
(:attr:`GradebookError.message`). Every public method of the facade raises only these, never a
driver error (see :func:`simulator.storage.connect.domain_errors`).
"""

from __future__ import annotations

from ..errors import KefuError
from ..exitcodes import Exit


class GradebookError(KefuError):
    """A database problem: ``key`` (catalogue entry), ``params`` and an exit ``code``."""

    exit_code = Exit.BAD_INPUT

    def __init__(self, key: str, **params):
        Exception.__init__(self, key)
        self.key = key
        self.params = params
        self.code = self.exit_code

    @property
    def message(self) -> str:
        from ..i18n import t

        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message


class DatabaseUrlError(GradebookError):
    pass


class DatabaseBusy(GradebookError):
    exit_code = Exit.CONFLICT


class SchemaTooNew(GradebookError):
    exit_code = Exit.CONFLICT


class NotFound(GradebookError):
    exit_code = Exit.NOT_FOUND


class Conflict(GradebookError):
    exit_code = Exit.CONFLICT
