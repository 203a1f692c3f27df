"""The Jupyter project's own kernel conformance suite (Debian's python3-jupyter-kernel-test), run against the course's
C# kernel with every attribute filled in, so no test of the suite is skipped."""
import base64, unittest

import jupyter_kernel_test

from kernel_env import KERNEL_NAME, install_kernelspec

install_kernelspec()

# A real 1×1 PNG (red pixel).
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082")).decode()


class CSharpKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("something went wrong");'
    code_generate_error = 'throw new InvalidOperationException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"con" + "cat"', "result": "concat"},
        {"code": "new[] { 1, 2, 3 }.Sum()", "result": "6"},
        {"code": 'HTML("<b>bold</b>")', "mime": "text/html", "result": "<b>bold</b>"},
    ]
    code_display_data = [
        {"code": 'display(HTML("<i>italic</i>"));', "mime": "text/html"},
        {"code": f'display(Convert.FromBase64String("{PNG}"), "image/png");', "mime": "image/png"},
        {"code": 'display("plain text");', "mime": "text/plain"},
    ]

    completion_samples = [
        {"text": "Console.Wri", "matches": {"Write", "WriteLine"}},
        {"text": 'var s = "abc"; s.Len', "matches": {"Length"}},
        {"text": "Math.Sqr", "matches": {"Sqrt"}},
    ]
    complete_code_samples = ["var x = 1;", 'Console.WriteLine("hi");', "1 + 1", "class A { }", '#r "nuget: Foo"']
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "class A {", "Foo(1,"]
    invalid_code_samples = ["var x = 1;)", "int 1x = 2;"]

    code_inspect_sample = "Console.WriteLine"
    code_clear_output = "clear_output();"
    code_page_something = "Console.WriteLine?"

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")


if __name__ == "__main__":
    unittest.main()
