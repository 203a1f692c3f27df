"""The course's C# kernel driven by Jupyter's own client library (Debian's python3-jupyter-client), beyond the
conformance suite: display updates, interrupts (message and SIGINT), stop_on_error, stdin, the session thread with
libtorch's thread-local grad mode, user expressions, silent executes, shutdown, and bad input on the wire."""
import os, pathlib, queue, signal, subprocess, tempfile, threading, time, unittest

import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

from kernel_env import KERNEL_NAME, ROOT, install_kernelspec

install_kernelspec()
NOTEBOOKS = ROOT / "notebooks"
TIMEOUT = 60


def run(kc, code, timeout=TIMEOUT, **kwargs):
    """Executes code; returns (reply, iopub messages of that request up to its idle status)."""
    msg_id = kc.execute(code, **kwargs)
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=TIMEOUT):
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    msgs = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return reply, msgs
        msgs.append(msg)


def stdout(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def result(msgs):
    found = [m["content"]["data"] for m in msgs if m["msg_type"] == "execute_result"]
    return found[-1] if found else None


def wait_for_stdout(kc, msg_id, text, timeout=TIMEOUT):
    seen, others = "", []
    deadline = time.monotonic() + timeout
    while text not in seen:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            seen += msg["content"]["text"]
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            raise AssertionError(f"the cell ended before printing {text!r}: {others}")
        else:
            others.append((msg["msg_type"], msg["content"]))


class KernelCase(unittest.TestCase):
    """One kernel per test class, started in notebooks/ as Jupyter starts it for a notebook there."""

    @classmethod
    def setUpClass(cls):
        cls.log = tempfile.NamedTemporaryFile(prefix="course-kernel-", suffix=".log", delete=False)
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL_NAME, cwd=str(NOTEBOOKS), stderr=cls.log, startup_timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log.close()
        os.unlink(cls.log.name)

    def kernel_log(self):
        return pathlib.Path(self.log.name).read_text(errors="replace")

    def pid(self):
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None) or getattr(self.km, "kernel", None)
        return process.pid

    def assertAlive(self):
        reply, msgs = run(self.kc, "1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result(msgs)["text/plain"], "2")


class Execution(KernelCase):
    def test_state_persists_and_cells_run_in_the_notebook_folder(self):
        run(self.kc, "var a = 20;")
        reply, msgs = run(self.kc, "$\"{a + 1} {Environment.CurrentDirectory}\"")
        self.assertEqual(result(msgs)["text/plain"], f"21 {NOTEBOOKS}")

    def test_execute_result_has_text_plain_beside_html(self):
        run(self.kc, 'public class Card { public string ToHtml() => "<b>card</b>"; public override string ToString() => "a card"; }')
        reply, msgs = run(self.kc, "new Card()")
        self.assertEqual(result(msgs), {"text/html": "<b>card</b>", "text/plain": "a card"})

    def test_display_then_update_in_the_same_and_a_later_cell(self):
        reply, msgs = run(self.kc, 'var h = display(HTML("<b>1</b>"));\nh.Update(HTML("<b>2</b>"));')
        shown = [m for m in msgs if m["msg_type"] == "display_data"]
        updated = [m for m in msgs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertTrue(display_id)
        self.assertEqual(updated[0]["content"]["transient"]["display_id"], display_id)
        self.assertEqual(updated[0]["content"]["data"]["text/html"], "<b>2</b>")
        reply, msgs = run(self.kc, 'h.Update("three");')
        later = [m for m in msgs if m["msg_type"] == "update_display_data"]
        self.assertEqual(later[0]["content"]["transient"]["display_id"], display_id)
        self.assertEqual(later[0]["content"]["data"]["text/plain"], "three")

    def test_output_of_other_threads_reaches_the_cell(self):
        reply, msgs = run(self.kc, 'await Task.Run(() => Console.WriteLine("from the pool"));\n'
                                   'var t = new System.Threading.Thread(() => Console.WriteLine("from a thread")); t.Start(); t.Join();')
        self.assertIn("from the pool\n", stdout(msgs))
        self.assertIn("from a thread\n", stdout(msgs))

    def test_errors_name_the_cell_and_line_and_the_kernel_survives(self):
        reply, msgs = run(self.kc, 'var fine = 1;\nthrow new InvalidOperationException("bad things");')
        c = reply["content"]
        self.assertEqual((c["status"], c["ename"], c["evalue"]), ("error", "System.InvalidOperationException", "bad things"))
        error = [m for m in msgs if m["msg_type"] == "error"][0]["content"]
        count = reply["content"]["execution_count"]
        self.assertTrue(any(f"In[{count}].csx:line 2" in line for line in error["traceback"]), error["traceback"])
        reply, msgs = run(self.kc, "fine")   # assigned before the throw: kept
        self.assertEqual(result(msgs)["text/plain"], "1")
        reply, msgs = run(self.kc, 'int wrong = "text";')
        self.assertEqual(reply["content"]["ename"], "CompilationError")
        self.assertIn("CS0029", reply["content"]["evalue"])
        self.assertAlive()

    def test_stop_on_error_aborts_the_queued_executes(self):
        ids = [self.kc.execute('throw new Exception("first fails");'), self.kc.execute("var notRun = 1;"), self.kc.execute("2 + 2")]
        replies = {}
        while len(replies) < 3:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        self.assertEqual([replies[i] for i in ids], ["error", "aborted", "aborted"])
        ids = [self.kc.execute('throw new Exception("fails again");', stop_on_error=False), self.kc.execute("3 + 3")]
        replies = {}
        while len(replies) < 2:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        self.assertEqual([replies[i] for i in ids], ["error", "ok"])
        self.assertAlive()

    def test_console_readline_asks_the_client_through_stdin(self):
        msg_id = self.kc.execute('var name = Console.ReadLine();\n$"hello {name}"', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["parent_header"]["msg_id"], msg_id)
        self.kc.input("Ada")
        reply, msgs = collect(self.kc, msg_id)
        self.assertEqual(result(msgs)["text/plain"], "hello Ada")
        reply, msgs = run(self.kc, "Console.ReadLine()", allow_stdin=False)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("allow_stdin", reply["content"]["evalue"])

    def test_user_expressions_and_silent_executes(self):
        reply, msgs = run(self.kc, "var z = 5;", user_expressions={"twice": "z * 2", "broken": "nope + 1"})
        exprs = reply["content"]["user_expressions"]
        self.assertEqual(exprs["twice"]["data"]["text/plain"], "10")
        self.assertEqual(exprs["broken"]["status"], "error")
        before = reply["content"]["execution_count"]
        reply, msgs = run(self.kc, 'Console.WriteLine("quiet"); z * 3', silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["msg_type"] for m in msgs], ["status"])   # busy only: no input, no output
        reply, msgs = run(self.kc, "z")
        self.assertEqual(reply["content"]["execution_count"], before + 1)

    def test_help_page_with_a_question_mark(self):
        reply, msgs = run(self.kc, "Math.Sqrt?")
        pages = reply["content"]["payload"]
        self.assertEqual(len(pages), 1)
        self.assertIn("Sqrt(double", pages[0]["data"]["text/plain"])
        self.assertIn("square root", pages[0]["data"]["text/plain"])


class Interrupts(KernelCase):
    def test_interrupt_request_stops_a_loop_and_keeps_the_variables(self):
        run(self.kc, 'var before = "kept";')
        msg_id = self.kc.execute('Console.WriteLine("looping");\nlong n = 0;\nwhile (true) { CancellationToken.ThrowIfCancellationRequested(); n++; }')
        wait_for_stdout(self.kc, msg_id, "looping")
        started = time.monotonic()
        self.km.interrupt_kernel()   # interrupt_mode "message": an interrupt_request on the control channel
        reply, msgs = collect(self.kc, msg_id)
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual((reply["content"]["status"], reply["content"]["ename"]), ("error", "OperationCanceledException"))
        reply, msgs = run(self.kc, 'before + " " + (n > 0)')
        self.assertEqual(result(msgs)["text/plain"], "kept True")

    def test_sigint_interrupts_too(self):
        if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
            # A job started in the background by a shell without job control ignores SIGINT, and so does every process
            # it starts, the kernel included: nothing can interrupt it through SIGINT there.
            self.skipTest("SIGINT is ignored in this process (started in the background), and the kernel inherits that")
        msg_id = self.kc.execute('Console.WriteLine("sleeping");\nSystem.Threading.Thread.Sleep(600_000);')
        wait_for_stdout(self.kc, msg_id, "sleeping")
        os.kill(self.pid(), signal.SIGINT)
        reply, msgs = collect(self.kc, msg_id)
        self.assertEqual(reply["content"]["ename"], "OperationCanceledException")
        self.assertAlive()

    def test_a_training_loop_over_a_course_dataloader_stops_at_its_next_batch(self):
        reply, _ = run(self.kc, '#r "../artifacts/course/Torch.dll"\n#r "../artifacts/course/Course.Data.dll"\n'
                                'using TorchSharp; using static TorchSharp.torch; using Course.Data; using Course.Data.Synthetic;')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        msg_id = self.kc.execute(
            'var loader = new DataLoader(ShapeSets.Colors(train: true), 64, shuffle: true);\n'
            'int batches = 0;\n'
            'for (int epoch = 0; epoch < 1_000_000; epoch++)\n'
            '    foreach (var (x, y) in loader) { if (batches++ == 0) Console.WriteLine("training"); using var s = x.sum(); }')
        wait_for_stdout(self.kc, msg_id, "training")
        self.km.interrupt_kernel()
        reply, msgs = collect(self.kc, msg_id)
        self.assertEqual(reply["content"]["ename"], "OperationCanceledException", reply["content"])
        self.assertTrue(any("DataLoader" in line for line in reply["content"]["traceback"]), reply["content"]["traceback"])
        reply, msgs = run(self.kc, "batches > 0")
        self.assertEqual(result(msgs)["text/plain"], "True")


class SessionThread(KernelCase):
    """libtorch's grad mode and the binding's dispose scopes are thread-local: the kernel keeps every cell and every
    await continuation on one thread, so both behave as in PyTorch."""

    def setUp(self):
        reply, _ = run(self.kc, '#r "../artifacts/course/Torch.dll"\nusing TorchSharp; using static TorchSharp.torch;')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])

    def value(self, code):
        reply, msgs = run(self.kc, code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        data = result(msgs)
        return data and data["text/plain"]

    def test_no_grad_holds_across_an_await(self):
        self.value("var w = ones(3); w.requires_grad = true; Tensor y;")
        self.assertEqual(self.value("using (no_grad()) { await Task.Delay(50); y = w * 2; }\ny.requires_grad"), "False")
        self.assertEqual(self.value("(w * 2).requires_grad"), "True")

    def test_grad_mode_set_in_one_cell_is_the_mode_of_the_next(self):
        self.value("var guard = no_grad();")
        self.assertEqual(self.value("is_grad_enabled()"), "False")
        self.assertEqual(self.value("guard.Dispose(); is_grad_enabled()"), "True")

    def test_a_dispose_scope_spans_an_await(self):
        self.assertEqual(self.value("Tensor made;\nusing (NewDisposeScope()) { await Task.Delay(20); made = ones(2); }\nmade.IsInvalid"), "True")


class Shutdown(unittest.TestCase):
    def test_shutdown_request_with_restart_is_answered_and_the_process_ends(self):
        km, kc = start_new_kernel(kernel_name=KERNEL_NAME, cwd=str(NOTEBOOKS), startup_timeout=TIMEOUT)
        try:
            msg_id = kc.shutdown(restart=True)
            reply = kc.get_control_msg(timeout=TIMEOUT) if hasattr(kc, "get_control_msg") else kc.get_shell_msg(timeout=TIMEOUT)
            self.assertEqual(reply["msg_type"], "shutdown_reply")
            self.assertTrue(reply["content"]["restart"])
            deadline = time.monotonic() + 20
            while km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            self.assertFalse(km.is_alive())
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


class BadInput(KernelCase):
    """Malformed, truncated, wrongly signed and unknown messages never stop the kernel: each gets a log line or an error reply."""

    def raw(self, channel):
        info = self.km.get_connection_info()
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"{info['transport']}://{info['ip']}:{info[channel + '_port']}")
        self.addCleanup(sock.close)
        return sock, Session(key=info["key"], signature_scheme=info["signature_scheme"])

    def kernel_info(self, sock, session):
        session.send(sock, session.msg("kernel_info_request", {}))
        self.assertTrue(sock.poll(TIMEOUT * 1000), "no kernel_info_reply")
        idents, msg = session.feed_identities(sock.recv_multipart())
        reply = session.deserialize(msg)
        self.assertEqual(reply["msg_type"], "kernel_info_reply")
        self.assertEqual(reply["content"]["language_info"]["name"], "C#")

    def test_bad_messages_on_shell_and_control_are_dropped_and_logged(self):
        for channel in ("shell", "control"):
            sock, session = self.raw(channel)
            good = session.serialize(session.msg("kernel_info_request", {}))   # [<IDS|MSG>, signature, h, p, m, c]
            wrong_signature = list(good)
            wrong_signature[1] = (b"0" if good[1][:1] != b"0" else b"1") + good[1][1:]
            bad_json = session.serialize(session.msg("kernel_info_request", {}))
            bad_json[5] = b"{not json"
            bad_json[1] = session.sign(bad_json[2:6]).encode() if isinstance(session.sign(bad_json[2:6]), str) else session.sign(bad_json[2:6])
            no_type = session.serialize(session.msg("kernel_info_request", {}))
            no_type[2] = b'{"msg_id": "x", "session": "s", "username": "u", "date": "", "version": "5.3"}'
            no_type[1] = session.sign(no_type[2:6])
            cases = {
                "bad signature": wrong_signature,
                "truncated": good[:4],
                "missing <IDS|MSG>": good[1:],
                "not valid JSON": bad_json,
                "msg_type": no_type,
                "empty": [b""],
            }
            for name, frames in cases.items():
                sock.send_multipart([f if isinstance(f, bytes) else f.encode() for f in frames])
            time.sleep(0.5)
            self.assertFalse(sock.poll(100), "a dropped message got a reply")
            self.kernel_info(sock, session)   # and the channel still answers
        log = self.kernel_log()
        for text in ("dropped message: bad signature", "dropped message: truncated", "dropped message: missing <IDS|MSG>"):
            self.assertIn(text, log)

    def test_unknown_request_types_get_an_error_reply(self):
        sock, session = self.raw("shell")
        session.send(sock, session.msg("frobnicate_request", {"x": 1}))
        self.assertTrue(sock.poll(TIMEOUT * 1000))
        reply = session.deserialize(session.feed_identities(sock.recv_multipart())[1])
        self.assertEqual(reply["msg_type"], "frobnicate_reply")
        self.assertEqual((reply["content"]["status"], reply["content"]["ename"]), ("error", "UnknownMessageType"))
        session.send(sock, session.msg("comm_msg", {"comm_id": "none", "data": {}}))   # not a request: logged, no reply
        self.kernel_info(sock, session)
        self.assertIn("unknown message type 'frobnicate_request'", self.kernel_log())

    def test_heartbeat_echoes(self):
        info = self.km.get_connection_info()
        sock = zmq.Context.instance().socket(zmq.REQ)
        sock.linger = 0
        sock.connect(f"{info['transport']}://{info['ip']}:{info['hb_port']}")
        try:
            sock.send(b"ping-123")
            self.assertTrue(sock.poll(10_000))
            self.assertEqual(sock.recv(), b"ping-123")
        finally:
            sock.close()


if __name__ == "__main__":
    unittest.main()
