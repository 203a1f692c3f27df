"""Shared set-up for the Jupyter-level tests: a private Jupyter data folder holding the course kernel's kernelspec,
installed by the kernel's own `install` command (what `./course kernel install` runs), so the tests start the kernel
exactly as Jupyter clients do and never touch the user's real kernelspecs."""
import atexit, json, os, pathlib, shutil, subprocess, tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONFIG = os.environ.get("COURSE_CONFIG", "Release")
KERNEL_DLL = ROOT / "lib" / "Course.Kernel" / "bin" / CONFIG / "net10.0" / "Course.Kernel.dll"
KERNEL_NAME = ".net-csharp"   # what the course's notebooks name in their metadata


def install_kernelspec():
    """Installs the kernelspec into a temporary JUPYTER_DATA_DIR (once per process) and returns its kernel.json."""
    if os.environ.get("COURSE_TEST_JUPYTER_DATA_DIR"):
        return json.loads((pathlib.Path(os.environ["JUPYTER_DATA_DIR"]) / "kernels" / KERNEL_NAME / "kernel.json").read_text())
    if not KERNEL_DLL.exists():
        raise RuntimeError(f"{KERNEL_DLL} not found: build first (./course build)")
    data = tempfile.mkdtemp(prefix="course-jupyter-data-")
    atexit.register(shutil.rmtree, data, True)
    os.environ["JUPYTER_DATA_DIR"] = data
    os.environ["COURSE_TEST_JUPYTER_DATA_DIR"] = data
    os.environ.pop("JUPYTER_PATH", None)
    subprocess.run(["dotnet", str(KERNEL_DLL), "install", "--name", KERNEL_NAME], check=True, capture_output=True, text=True)
    return json.loads((pathlib.Path(data) / "kernels" / KERNEL_NAME / "kernel.json").read_text())
