"""Browser safety: which Host names and which Origins an endpoint trusts.

A page on another site can make a browser send requests to a loopback server. Two checks
stop it from reading or changing the store:

- **Host** (DNS rebinding): a name the attacker controls may resolve to 127.0.0.1, making the
  browser treat the endpoint as the attacker's own origin. Only the bound address, the
  loopback names when bound to loopback, and names given with ``--allowed-host`` are answered.
  An IP literal cannot be rebound, so a wildcard bind (``0.0.0.0``) also answers IP literals.
- **Origin** (cross-site writes): a form on another site can POST without any preflight.
  Writes are accepted only from the endpoint's own origin, from origins given with
  ``--cors``, or from clients that are not browsers (no ``Origin``, no ``Sec-Fetch-Site``).
"""
from __future__ import annotations

import ipaddress
import urllib.parse
from dataclasses import dataclass

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def _hostname(authority: str) -> str | None:
    """The host name of a ``host[:port]`` authority, lower case; None when malformed."""
    try:
        parts = urllib.parse.urlsplit("//" + authority)
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        return None
    if parts.username is not None or parts.password is not None or parts.path or parts.query:
        return None
    return (parts.hostname or "").rstrip(".") or None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Guard:
    """Host and Origin policy of one endpoint; build it with :func:`make_guard`."""

    names: frozenset[str]
    any_host: bool
    ip_literals: bool
    write_origins: frozenset[str]

    def host_allowed(self, host: str | None) -> bool:
        """Whether a request with this ``Host`` header may be answered (None: no header)."""
        if host is None:
            return True  # HTTP/1.0 without Host; HTTP/1.1 requires it (checked by the caller)
        name = _hostname(host)
        if name is None:
            return False
        if self.any_host or name in self.names:
            return True
        return self.ip_literals and _is_ip(name)

    def write_allowed(self, *, host: str | None, origin: str | None, fetch_site: str | None,
                      scheme: str = "http") -> bool:
        """Whether a browser (or other client) may write: same origin, a --cors origin, or no browser."""
        if origin is None:
            return fetch_site in (None, "same-origin", "none")
        origin = origin.strip().lower()
        if origin in self.write_origins:
            return True
        return host is not None and origin == f"{scheme}://{host.strip().lower()}"


def make_guard(bind: str, *, allowed_hosts: tuple[str, ...] = (), cors_origins: tuple[str, ...] = ()) -> Guard:
    """The policy for a server bound to ``bind`` with the user's extra hosts and CORS origins."""
    bind = bind.strip().strip("[]").lower()
    names = {h.strip().lower().rstrip(".") for h in allowed_hosts if h.strip() and h.strip() != "*"}
    if bind not in _WILDCARDS:
        names.add(bind)
    if bind in _WILDCARDS or _is_loopback(bind):
        names |= _LOOPBACK_NAMES
    origins = frozenset(o.strip().lower().rstrip("/") for o in cors_origins if o.strip() not in ("", "*"))
    return Guard(names=frozenset(names), any_host="*" in {h.strip() for h in allowed_hosts},
                 ip_literals=bind in _WILDCARDS, write_origins=origins)
