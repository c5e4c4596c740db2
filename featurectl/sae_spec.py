"""How a config or feature set names an SAE (torch-free, so the app can use it).

A spec is ``{"path": dir | "builtin:NAME"}`` or ``{"release": ..., "sae_id": ...}``
(sae-lens's pretrained registry), optionally with ``"hook"``. A loaded SAE's
*identity* (``LoadedSAE.identity()``) records more (kind, sha256, d_sae, ...);
:func:`sae_spec_from_identity` turns it back into the spec that loads it.
"""

from __future__ import annotations

from typing import Any, Mapping

from .errors import SAEError

SPEC_KEYS = ("path", "release", "sae_id", "hook")


def normalize_sae_spec(spec: Any) -> dict:
    """A spec as a plain dict without None values; a bare string is a path.

    Raises SAEError for unknown keys, both forms at once, or neither."""
    if isinstance(spec, str):
        return {"path": spec}
    if hasattr(spec, "model_dump"):
        spec = spec.model_dump(exclude_none=True)
    if not isinstance(spec, dict):
        raise SAEError(f"SAE spec must be a dict like {{'path': ...}} or {{'release': ..., 'sae_id': ...}}, got {spec!r}")
    spec = {k: v for k, v in spec.items() if v is not None}
    unknown = sorted(set(spec) - set(SPEC_KEYS))
    if unknown:
        raise SAEError(f"SAE spec has unknown key(s) {unknown}; allowed: path, or release + sae_id (and hook)")
    if "path" in spec and ("release" in spec or "sae_id" in spec):
        raise SAEError(f"SAE spec {spec}: give either 'path' or 'release' + 'sae_id', not both")
    if "path" not in spec and not ("release" in spec and "sae_id" in spec):
        raise SAEError(f"SAE spec {spec}: needs 'path', or both 'release' and 'sae_id'")
    return spec


def sae_spec_from_identity(identity: Mapping[str, Any]) -> dict[str, str]:
    """The spec that loads the SAE an identity describes: ``{"release", "sae_id"}`` when
    both are recorded, else ``{"path"}``. A spec already in either form passes through.

    Raises SAEError when the identity names no loadable source (a random SAE that was
    never saved), so a feature set never records an SAE nobody can load."""
    if identity.get("release") and identity.get("sae_id"):
        return {"release": str(identity["release"]), "sae_id": str(identity["sae_id"])}
    if identity.get("path"):
        return {"path": str(identity["path"])}
    raise SAEError(
        f"cannot name this SAE in a feature set (kind {identity.get('kind')!r}); pass sae_spec= explicitly"
    )
