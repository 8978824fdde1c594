"""One root exception for the plugin, with subclasses that say which kind of thing went wrong."""


class Sen12Error(Exception):
    """Root of every error the plugin raises on purpose; its message says what to fix."""


class InputError(Sen12Error):
    """The user's input (file, parameter, geometry) cannot be used as given."""


class CoverageError(InputError):
    """A ROI lies (partly) outside Sentinel-2 coverage."""


class OutputError(Sen12Error):
    """The output cannot be written (permissions, full disk)."""


class Cancelled(Sen12Error):
    """The user cancelled the run; finished outputs stay, nothing half-written is left."""
