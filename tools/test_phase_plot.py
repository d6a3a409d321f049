#!/usr/bin/python3
"""End-to-end tests of statmem_phase.py on files written by the real statmem.

Run with the statmem program named in the STATMEM environment variable:

    STATMEM=build/src/app/statmem /usr/bin/python3 tools/test_phase_plot.py

Each test writes into its own temporary folder. The runs are tiny (N = 12), so
they check file handling and the refusal rules, not agreement with the theory.
"""

import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

TOOLS = os.path.dirname(os.path.abspath(__file__))
PHASE_TOOL = os.path.join(TOOLS, "statmem_phase.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

RUN_CONFIG = """
seed = 5
[model]
N = 12
p = {p}
form = "{form}"
[scan]
T_teacher = [2.0]
alpha = [4.0]
T = [1.6, 2.0, 2.5, 4.0, 8.0, inf]
samples = 2
[sampler]
replicas = 2
starts = ["teacher"]
burn_in = 50
sweeps = 200
bins = 10
"""

THEORY_CONFIG = """
[model]
regime = "{regime}"
p = {p}
form = "{form}"
{extra}
[grid.x]
name = "alpha"
values = [1.0, 3.0, 5.0]
[grid.y]
name = "T"
values = [1.6, 2.0, 2.5]
"""


def run(command):
    """Run a command and return (exit status, stdout + stderr)."""
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return completed.returncode, completed.stdout + completed.stderr


class PhaseToolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.statmem = os.environ.get("STATMEM")
        if not cls.statmem or not os.path.exists(cls.statmem):
            raise unittest.SkipTest("set STATMEM to the statmem program to run these tests")

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="statmem_phase_test_")
        self.addCleanup(self.folder.cleanup)

    def path(self, name):
        return os.path.join(self.folder.name, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as handle:
            handle.write(text)
        return self.path(name)

    def make_run(self, name, p=3, form="gardner"):
        config = self.write(name + ".toml", RUN_CONFIG.format(p=p, form=form))
        status, output = run([self.statmem, "run", config, "--output", self.path(name + ".h5")])
        self.assertEqual(status, 0, output)
        return self.path(name + ".h5")

    def make_theory(self, name, regime="fixed_teacher", p=3, form="gardner",
                    extra="T_star = 2.0", sets=()):
        config = self.write(name + ".toml",
                            THEORY_CONFIG.format(regime=regime, p=p, form=form, extra=extra))
        command = [self.statmem, "theory", config, "--output", self.path(name + ".h5")]
        for assignment in sets:
            command += ["--set", assignment]
        status, output = run(command)
        self.assertEqual(status, 0, output)
        return self.path(name + ".h5")

    def plot(self, *arguments):
        return run([sys.executable, PHASE_TOOL, *arguments])

    def assert_png(self, path):
        with open(path, "rb") as handle:
            self.assertEqual(handle.read(8), PNG_SIGNATURE, f"{path} is not a PNG")

    def test_plot_phase_diagram(self):
        theory = self.make_theory("nishimori", regime="nishimori", extra="")
        status, output = self.plot("plot", theory, "-o", self.path("diagram.png"))
        self.assertEqual(status, 0, output)
        self.assert_png(self.path("diagram.png"))

    def test_plot_critical_load_map(self):
        config = self.write("rbm.toml", """
[model]
regime = "rbm_critical_load"
patterns = 3
[grid.x]
name = "c"
values = [0.0, 0.2, 0.4]
[grid.y]
name = "T"
values = [0.8, 1.0]
""")
        status, output = run([self.statmem, "theory", config, "--output", self.path("rbm.h5")])
        self.assertEqual(status, 0, output)
        status, output = self.plot("plot", self.path("rbm.h5"), "-o", self.path("rbm.png"))
        self.assertEqual(status, 0, output)
        self.assert_png(self.path("rbm.png"))

    def test_overlay_matching_run(self):
        theory = self.make_theory("fixed")
        run_file = self.make_run("gardner3")
        status, output = self.plot("plot", theory, "-o", self.path("overlay.png"),
                                   "--runs", run_file)
        self.assertEqual(status, 0, output)
        self.assert_png(self.path("overlay.png"))

    def test_overlay_rejects_other_form(self):
        theory = self.make_theory("fixed")
        run_file = self.make_run("krotov3", form="krotov")
        status, output = self.plot("plot", theory, "-o", self.path("x.png"), "--runs", run_file)
        self.assertEqual(status, 2, output)
        self.assertIn("form", output)
        self.assertFalse(os.path.exists(self.path("x.png")))

    def test_overlay_rejects_other_order(self):
        theory = self.make_theory("fixed4", p=4)
        run_file = self.make_run("gardner3")
        status, output = self.plot("plot", theory, "-o", self.path("x.png"), "--runs", run_file)
        self.assertEqual(status, 2, output)
        self.assertIn("diagram's p is 4", output)

    def test_overlay_rejects_other_load_convention(self):
        theory = self.make_theory("pairwise", regime="teacher2_finite_noise", p=4,
                                  extra="T_star = 3.0")
        run_file = self.make_run("gardner4", p=4)
        status, output = self.plot("plot", theory, "-o", self.path("x.png"), "--runs", run_file)
        self.assertEqual(status, 2, output)
        self.assertIn("load convention", output)

    def test_overlay_rejects_nishimori_mismatch(self):
        theory = self.make_theory("nishimori", regime="nishimori", extra="")
        run_file = self.make_run("gardner3")
        status, output = self.plot("plot", theory, "-o", self.path("x.png"), "--runs", run_file)
        self.assertEqual(status, 2, output)
        self.assertIn("Nishimori", output)

    def test_free_entropy_from_run(self):
        run_file = self.make_run("gardner3")
        extra = f'T_star = 2.0\n[monte_carlo]\nrun = "{run_file}"'
        theory = self.make_theory("with_run", extra=extra)
        with h5py.File(theory, "r") as handle:
            group = handle["monte_carlo/run_0"]
            phi = group["free_entropy_mc"][()]
            temperature = group["T"][()]
            # The rung at T = inf carries Phi = ln 2 exactly; the others are finite.
            self.assertTrue(np.allclose(phi[..., np.isinf(temperature[0])], np.log(2.0)))
            self.assertTrue(np.all(np.isfinite(phi)))
        status, output = self.plot("free-entropy", theory, "-o", self.path("phi.png"))
        self.assertEqual(status, 0, output)
        self.assert_png(self.path("phi.png"))

    def test_theory_rejects_run_of_other_form(self):
        run_file = self.make_run("krotov3", form="krotov")
        config = self.write("bad.toml", THEORY_CONFIG.format(
            regime="fixed_teacher", p=3, form="gardner",
            extra=f'T_star = 2.0\n[monte_carlo]\nrun = "{run_file}"'))
        status, output = run([self.statmem, "theory", config, "--output", self.path("bad.h5")])
        self.assertEqual(status, 2, output)
        self.assertIn("form", output)
        self.assertFalse(os.path.exists(self.path("bad.h5")))

    def test_missing_theory_file(self):
        status, output = self.plot("plot", self.path("absent.h5"), "-o", self.path("x.png"))
        self.assertEqual(status, 2, output)
        self.assertIn("not found", output)


if __name__ == "__main__":
    unittest.main()
