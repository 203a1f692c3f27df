"""The course kernel as `./course kernel install` sets it up, with the package stand-ins of `course stand-ins`: Polyglot
notebooks' `#r "nuget: TorchSharp-cpu"` resolves to the course's binding (one line says so), and .NET Interactive's
Formatter API decides how values display."""
import json, os, pathlib, shutil, subprocess, tempfile, unittest

from jupyter_client.manager import start_new_kernel

from kernel_env import CONFIG, KERNEL_DLL, ROOT, install_kernelspec
from test_kernel import TIMEOUT, result, run, stdout

install_kernelspec()   # sets JUPYTER_DATA_DIR to a private folder
NAME = "course-stand-ins-test"
CLI_DLL = ROOT / "lib" / "Course.Cli" / "bin" / CONFIG / "net10.0" / "Course.Cli.dll"


class StandIns(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="course-stand-ins-")
        stand_ins = pathlib.Path(cls.work) / "stand-ins.json"
        subprocess.run(["dotnet", str(CLI_DLL), "stand-ins", "--out", str(stand_ins)], check=True, capture_output=True, text=True)
        subprocess.run(["dotnet", str(KERNEL_DLL), "install", "--name", NAME, "--stand-ins", str(stand_ins)],
                       check=True, capture_output=True, text=True)
        cls.spec = json.loads((pathlib.Path(os.environ["JUPYTER_DATA_DIR"]) / "kernels" / NAME / "kernel.json").read_text())
        cls.log = tempfile.NamedTemporaryFile(prefix="course-kernel-", suffix=".log", delete=False)
        cls.km, cls.kc = start_new_kernel(kernel_name=NAME, cwd=cls.work, stderr=cls.log, startup_timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log.close()
        os.unlink(cls.log.name)
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_1_torchsharp_package_resolves_to_the_course_binding_with_one_line(self):
        self.assertEqual(self.spec["argv"][-2], "--stand-ins")
        reply, msgs = run(self.kc, '#r "nuget: TorchSharp-cpu"\n\nusing TorchSharp;\ntorch.__version__')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        version = result(msgs)["text/plain"]
        self.assertRegex(version, r"^\d+\.\d+")
        self.assertEqual(stdout(msgs),
                         f"TorchSharp-cpu: not restored from NuGet; using the course's TorchSharp-compatible binding (libtorch {version})\n")
        reply, msgs = run(self.kc, '#r "nuget: TorchSharp-cpu"\ntorch.ones(2, 3).numel()')
        self.assertEqual((stdout(msgs), result(msgs)["text/plain"]), ("", "6"))   # the line comes once per session

    def test_2_a_formatter_registered_for_tensor_displays_it(self):
        code = ('using Microsoft.DotNet.Interactive.Formatting;\n'
                'Formatter.SetPreferredMimeTypesFor(typeof(torch.Tensor), "text/plain");\n'
                'Formatter.Register<torch.Tensor>((torch.Tensor t) => $"tensor of {t.numel()} elements");\n'
                'torch.ones(2, 3)')
        reply, msgs = run(self.kc, code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(result(msgs), {"text/plain": "tensor of 6 elements"})

    def test_3_a_package_without_stand_in_still_fails_clearly(self):
        reply, msgs = run(self.kc, '#r "nuget: Course.NoSuchPackage.Xyz, 1.0.0"', timeout=120)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "DirectiveError")
        self.assertIn("NuGet restore of Course.NoSuchPackage.Xyz 1.0.0 failed", reply["content"]["evalue"])


if __name__ == "__main__":
    unittest.main()
