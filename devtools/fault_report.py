"""`make fault-check` (scripts/db_restart_check.py), the verdict: what happened before, during and
after the outage, section by section, and every way the site failed the check."""

from collections import Counter

from devtools.fault_traffic import EXPECTED
from devtools.servers import worker_pids


def phase(t, outage):
    if t < outage.down:
        return "before"
    if outage.accepting is None or t < outage.accepting:
        return "outage"
    return "after"


def status_label(status):
    return "no answer" if status is None else str(status)


class Report:
    """Prints what happened, section by section, and collects what failed."""

    def __init__(self, args, traffic, outage, t0):
        self.args = args
        self.traffic = traffic
        self.outage = outage
        self.t0 = t0
        self.failures = []

    def at(self, t):
        return f"+{t - self.t0:.1f} s"

    def postgres(self):
        o = self.outage
        back = self.at(o.accepting) if o.accepting else "NEVER"
        print(
            f"  PostgreSQL: stop at {self.at(o.stop_begin)}, refusing connections from "
            f"{self.at(o.down)}, exited at {self.at(o.stopped)}, started at {self.at(o.started)}, "
            f"accepting connections at {back}: "
            f"{(o.accepting or o.started) - o.down:.1f} s without a database"
        )
        if o.accepting is None:
            self.failures.append("PostgreSQL did not accept connections within 30 s of starting")

    def health(self):
        """How long /healthz took to say 200 once the database was back."""
        o, limit = self.outage, self.args.recovery_timeout
        probes = self.traffic.health
        refused = sum(1 for t, status in probes if t >= o.down and status == 503)
        recovered = None
        if o.accepting is not None:
            recovered = next((t for t, st in probes if t >= o.accepting and st == 200), None)
        if recovered is None:
            print("  /healthz: NOT 200 again after PostgreSQL came back")
            self.failures.append("/healthz never answered 200 after PostgreSQL came back")
        else:
            delay = recovered - o.accepting
            print(
                f"  /healthz: {refused} probes answered 503 during the outage; 200 again "
                f"{delay:.2f} s after PostgreSQL accepted connections (limit {limit:g} s)"
            )
            if delay > limit:
                self.failures.append(f"/healthz took {delay:.1f} s to recover (limit {limit:g} s)")
        odd = Counter(status_label(st) for _, st in probes if st not in {200, 503})
        if odd:
            self.failures.append(f"/healthz answered other than 200/503: {dict(odd)}")

    def answers(self):
        """Visitors' answers before, during and after the outage; anything unexpected fails."""
        table, unexpected = Counter(), Counter()
        examples = {}
        for a in self.traffic.answers:
            if a.status in EXPECTED[a.method]:
                table[phase(a.end, self.outage), str(a.status)] += 1
            else:
                table[phase(a.end, self.outage), "other"] += 1
                what = f"{a.method} {a.path} -> {status_label(a.status)}"
                unexpected[what] += 1
                examples.setdefault(what, a.note)
        columns = ["before", "outage", "after"]
        print(f"  Visitors' answers ({len(self.traffic.answers)} requests):")
        print(" " * 14 + "".join(f"{c:>9}" for c in columns))
        for label in ["200", "302", "503", "other"]:
            print(f"    {label:<10}" + "".join(f"{table[c, label]:>9}" for c in columns))
        for what, count in unexpected.most_common(8):
            note = f" ({examples[what]})" if examples[what] else ""
            print(f"    unexpected: {count} x {what}{note}")
        if unexpected:
            total = sum(unexpected.values())
            self.failures.append(f"{total} unexpected answers (any 500 is one; listed above)")

        # Visitors, not only /healthz, must be served again soon after the database is back.
        ends = [a.end for a in self.traffic.answers if a.status == 503]
        if ends and self.outage.accepting is not None:
            limit = self.args.recovery_timeout
            print(
                f"  503s to visitors from {self.at(min(ends))} to {self.at(max(ends))}; the last "
                f"{max(ends) - self.outage.accepting:+.2f} s from PostgreSQL accepting connections"
            )
            late = sum(1 for t in ends if t > self.outage.accepting + limit)
            if late:
                self.failures.append(
                    f"{late} visitors still got 503 more than {limit:g} s after PostgreSQL came back"
                )

    def stale(self, cut, answers):
        """After idle connections died, the very next requests must succeed: not even a 503."""
        wrong = Counter(
            f"{a.method} {a.path} -> {status_label(a.status)}"
            for a in answers
            if a.status != {"GET": 200, "POST": 302}[a.method]
        )
        print(
            f"  Idle connections cut: {cut}; the next {len(answers)} requests: "
            + (", ".join(f"{n} x {what}" for what, n in wrong.items()) or "all succeeded")
        )
        if wrong:
            self.failures.append(
                f"{sum(wrong.values())} requests failed after idle database connections were cut: "
                "stale connections were reused (is CONN_HEALTH_CHECKS on?)"
            )

    def submissions(self, stored):
        """Every submission answered as received must be in the database."""
        print("  Submissions:")
        print(
            f"    {'':<14}{'sent':>7}{'succeeded':>11}{'refused 503':>13}{'other':>7}"
            f"{'in database':>13}{'503 but kept':>14}"
        )
        for kind in ["comment", "consultation"]:
            sent = [s for s in self.traffic.submissions if s.kind == kind]
            succeeded = [s for s in sent if s.succeeded]
            refused = [s for s in sent if s.status == 503]
            other = len(sent) - len(succeeded) - len(refused)
            kept = sum(1 for s in sent if s.marker in stored)
            refused_kept = sum(1 for s in refused if s.marker in stored)
            print(
                f"    {kind + 's':<14}{len(sent):>7}{len(succeeded):>11}{len(refused):>13}"
                f"{other:>7}{kept:>13}{refused_kept:>14}"
            )
            missing = [s.marker for s in succeeded if s.marker not in stored]
            if missing:
                self.failures.append(
                    f"{len(missing)} {kind}(s) answered as received are not in the database: "
                    + ", ".join(missing[:5])
                )
            # Proof that the site stores again once the database is back, not only before.
            if not any(phase(s.end, self.outage) == "after" for s in succeeded):
                self.failures.append(f"no {kind} succeeded after PostgreSQL came back")

    def gunicorn(self, problems):
        print("  gunicorn: " + ("; ".join(problems) or "same master and workers throughout"))
        self.failures.extend(problems)

    def verdict(self):
        print()
        if self.failures:
            print("FAILED:")
            for failure in self.failures:
                print(f"  - {failure}")
        else:
            print("PASSED: the site answered 503 while the database was away, recovered by itself")
            print("and kept every submission it confirmed.")
        return self.failures


def check_gunicorn(proc, workers_before, traffic):
    problems = []
    if proc.poll() is not None:
        problems.append(f"gunicorn's master exited with {proc.returncode}")
    workers_after = worker_pids(proc.pid)
    if workers_after != workers_before or traffic.workers_seen - workers_before:
        problems.append(
            f"gunicorn replaced workers: {sorted(workers_before)} at the start, "
            f"{sorted(traffic.workers_seen | workers_after)} seen during the run"
        )
    return problems
