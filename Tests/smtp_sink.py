"""Independent SMTP sink for MailTests, built on Python's stdlib smtpd.

usage: python3 -W ignore smtp_sink.py OUTDIR [noehlo]

Recipients containing "reject" get a 550, to exercise error replies.

Binds 127.0.0.1 on a free port and, once listening, writes the port to OUTDIR/port.
Each received message becomes OUTDIR/msgN.json with the envelope, the raw data
(dot-stuffing already undone by smtpd) and the subject/body decoded by the stdlib
email package, so the Swift side is checked against a separate MIME implementation.
"""
import asyncore, email, email.policy, json, os, signal, smtpd, sys, threading

# Foundation's Process can hand us a mask with SIGTERM blocked; undo it so terminate() works.
signal.pthread_sigmask(signal.SIG_SETMASK, [])


def exit_when_parent_goes():
    # The test keeps our stdin open; EOF means it exited or crashed, so never linger as an orphan.
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=exit_when_parent_goes, daemon=True).start()

outdir = sys.argv[1]
refuse_ehlo = len(sys.argv) > 2 and sys.argv[2] == "noehlo"


class Channel(smtpd.SMTPChannel):
    def smtp_EHLO(self, arg):
        if refuse_ehlo:
            self.push("502 Error: command not implemented")
        else:
            super().smtp_EHLO(arg)

    def smtp_RCPT(self, arg):
        if arg and "reject" in arg:
            self.push("550 No such user here")
        else:
            super().smtp_RCPT(arg)


class Sink(smtpd.SMTPServer):
    channel_class = Channel
    count = 0

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        msg = email.message_from_bytes(data, policy=email.policy.default)
        # A multipart/alternative message: "body" is its text part, "html" its HTML part.
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "mailfrom": mailfrom,
            "rcpttos": rcpttos,
            "raw": data.decode("utf-8", "replace"),
            "subject": str(msg["subject"]),
            "body": text.get_payload(decode=True).decode("utf-8") if text is not None else "",
            "html": html.get_payload(decode=True).decode("utf-8") if html is not None else None,
            "headers": {name: str(value) for name, value in msg.items()},
        }
        Sink.count += 1
        path = os.path.join(outdir, "msg%d.json" % Sink.count)
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)


server = Sink(("127.0.0.1", 0), None, decode_data=False)
with open(os.path.join(outdir, "port.tmp"), "w") as f:
    f.write(str(server.socket.getsockname()[1]))
os.rename(os.path.join(outdir, "port.tmp"), os.path.join(outdir, "port"))
asyncore.loop()
