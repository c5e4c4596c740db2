"""Exception types. Every user-facing failure raises a subclass of FeaturectlError
with a message that names the file, key, row or shard at fault; the CLI prints it
without a traceback and exits with status 2."""


class FeaturectlError(Exception):
    """Base class for errors that are the user's input, not a bug."""


class ConfigError(FeaturectlError):
    pass


class DataError(FeaturectlError):
    pass


class CacheError(FeaturectlError):
    pass


class SAEError(FeaturectlError):
    pass


class FeatureSetError(FeaturectlError):
    pass


class ModelError(FeaturectlError):
    pass


class OfflineError(FeaturectlError):
    """A hub download was needed but the hub cannot be reached."""


_OFFLINE_PHRASES = ("offline", "connect", "resolve host", "timed out", "cannot find the requested files")


def looks_offline(e: BaseException) -> bool:
    """Whether a hub download failed because the hub cannot be reached (so the caller
    raises :class:`OfflineError` with local alternatives rather than the raw error).

    True for huggingface_hub's ``LocalEntryNotFoundError``, connection and timeout
    errors, messages that say so, and any ``OSError`` while ``HF_HUB_OFFLINE`` is set;
    the exception's cause chain is searched too (transformers and sae-lens re-wrap)."""
    from huggingface_hub import constants
    from huggingface_hub.errors import LocalEntryNotFoundError

    if isinstance(e, (LocalEntryNotFoundError, ConnectionError, TimeoutError)):
        return True
    cause = e.__cause__ or e.__context__
    if cause is not None and cause is not e and looks_offline(cause):
        return True
    if any(s in str(e).lower() for s in _OFFLINE_PHRASES):
        return True
    return bool(constants.HF_HUB_OFFLINE) and isinstance(e, OSError)
