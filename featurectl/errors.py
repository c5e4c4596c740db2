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
