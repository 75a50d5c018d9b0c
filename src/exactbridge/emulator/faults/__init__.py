"""Fault injection for the emulator: the failures a robust Exact client must survive.

`exactbridge emulator --faults SPEC` (or `EmulatorConfig(faults=parse_faults(SPEC))`, or
`PUT /__emulator/faults` at run time) makes the emulator misbehave the way Exact Online and
the network in front of it do. A spec is a comma-separated list of `key=value` items::

    seed=7,5xx=0.1,storm=0.01:20,latency=20-80ms,reset=0.02,slow=0.05:2s,html=0.02,expect100=0.5

====================  =====================================================================
key=value             effect (P is a probability: `0.1` or `10%`; durations need a unit)
====================  =====================================================================
`seed=N`              seed of every decision (default 0)
`5xx=P`               answer 500, 502 or 503, with Exact's JSON body (`A problem has
                      occurred. The cause of this issue will be investigated as soon as
                      possible.`) or a plain-text status line
`storm=P:N[:RESET]`   with probability P a 429 storm starts: that call and the next N-1
                      calls of the same (app, division) get 429 with only the minutely
                      headers, `X-RateLimit-Minutely-Remaining: 0` and a reset RESET ahead
                      (default 5s); storms are not counted against the real limits
`latency=D|D1-D2`     wait D (or a duration drawn from D1..D2, e.g. `20-80ms`) before
                      handling every call
`reset=P`             send the headers and part of the body, then drop the connection
                      (clients see a protocol/read error; the call itself was carried out)
`slow=P:D`            trickle the body in chunks over D (e.g. `0.05:2s`)
`html=P`              an HTML error page instead of JSON: ASP.NET runtime error (500), IIS
                      "Service Unavailable" (503) or the "Object moved" login page (500)
`expect100=P`         500 for requests carrying `Expect: 100-continue` (Exact's known issue)
`token=0|1`           also fault `POST /api/oauth2/token` (default: only `/api/v1/…`)
====================  =====================================================================

Faults apply to `/api/v1/…` calls (and the token endpoint with `token=1`), never to the
admin surface `/__emulator/…`, the consent page or `/health`. Error answers (storm, 5xx,
html, expect100) replace the call before it reaches the API: nothing is written and
nothing is counted against the rate limits. `reset` and `slow` act on the real answer, so
a write that is cut off has happened ("outcome unknown" for the client).

Reproducible: call number n (counted from the moment the spec was set, over faultable
calls only) gets the same faults for the same seed, whatever ran before, because each
decision is BLAKE2b(seed, n, kind) rather than a draw from shared random state. Storms
depend on the (app, division) of the calls, so the same sequence of calls gives the same
storms. Injected faults are counted per kind in `GET /__emulator/counters`.
"""

from __future__ import annotations

from exactbridge.emulator.faults.plan import Decision, FaultInjector, InjectedError, decide, draw
from exactbridge.emulator.faults.spec import EXAMPLE, KEYS, FaultSpec, parse_faults

__all__ = [
    "EXAMPLE",
    "KEYS",
    "Decision",
    "FaultInjector",
    "FaultSpec",
    "InjectedError",
    "decide",
    "draw",
    "parse_faults",
]
