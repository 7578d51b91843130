"""JMAP with a client Coffer did not write: the npm package jmap-jam (interop/node/jmap_jam.mjs).

The Node script logs in with an app token, lists mailboxes, queries and fetches Emails, sets
flags, uploads and imports a message, and then waits on the EventSource stream while this test
delivers a message over SMTP: it must see the push event and the new Email in Email/changes.
The imported message's marker must be in no file of the data directory (zero access).
"""

import base64
import json
import os
import subprocess
import threading
import unittest
import uuid
from pathlib import Path

from coffer_fixture import DEMO, HOSTNAME, Coffer, new_message_id, send, set_config, simple_message

NODE_DIR = Path(__file__).resolve().parent / "node"
SCRIPT_TIMEOUT = 120


class JmapJamTest(unittest.TestCase):

    def setUp(self):
        self.coffer = Coffer()
        self.addCleanup(self.coffer.remove)
        set_config(self.coffer.data, "listeners", "https", '"127.0.0.1:0"')
        self.coffer.start()
        self.https = self.coffer.server.wait_until_ready()["https"]

    def test_jmap_jam_syncs_flags_imports_and_hears_a_delivery(self):
        first_id = new_message_id()
        send(self.coffer, "sender@example.org", [DEMO], simple_message(first_id, subject="First"))
        later_id = new_message_id()
        marker = "JMAPMARKER" + uuid.uuid4().hex
        imported_id = "%s@client.example.org" % uuid.uuid4()
        token = base64.urlsafe_b64encode(("%s:%s" % (DEMO, self.coffer.app_password)).encode()).decode().rstrip("=")
        env = dict(os.environ, JMAP_SESSION_URL="https://%s:%d/.well-known/jmap" % (HOSTNAME, self.https),
                   JMAP_TOKEN=token, JMAP_HOST=HOSTNAME, IMPORT_MARKER=marker,
                   IMPORT_MESSAGE_ID=imported_id,
                   NODE_EXTRA_CA_CERTS=str(self.coffer.data / "ca.pem"))
        steps = {}
        with subprocess.Popen(["node", str(NODE_DIR / "jmap_jam.mjs")], cwd=NODE_DIR, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as node:
            timer = threading.Timer(SCRIPT_TIMEOUT, node.kill)
            timer.start()
            try:
                for line in node.stdout:
                    step = json.loads(line)
                    steps[step["step"]] = step
                    if step["step"] == "ready-for-delivery":
                        send(self.coffer, "sender@example.org", [DEMO], simple_message(later_id, subject="Later"))
                stderr = node.stderr.read()
                self.assertEqual(node.wait(), 0, "jmap_jam.mjs failed:\n%s\n%s" % (stderr, self.coffer.log()))
            finally:
                timer.cancel()

        self.assertEqual(steps["session"]["username"], DEMO)
        self.assertIn("inbox", steps["mailboxes"]["roles"])
        self.assertIn("Sent", steps["mailboxes"]["names"])
        self.assertIn(first_id.strip("<>"), steps["emails"]["messageIds"])
        self.assertEqual(steps["flags"]["keywords"], {"$seen": True, "$flagged": True})
        self.assertEqual(steps["imported"]["messageId"], imported_id)
        self.assertEqual(steps["imported"]["type"], "multipart/encrypted")
        self.assertEqual(steps["downloaded"], {"step": "downloaded", "encrypted": True, "markerVisible": False})
        self.assertEqual(steps["push"]["type"], "StateChange")
        self.assertIn("Email", steps["push"]["changed"])
        self.assertEqual(steps["changes"]["messageIds"], [later_id.strip("<>")])
        self.assertTrue(steps["changes"]["newState"])

        # Zero access: the plaintext the client uploaded is in no file the server wrote.
        for path in self.coffer.data_files():
            self.assertNotIn(marker.encode(), path.read_bytes(), "%s holds the imported plaintext" % path)


if __name__ == "__main__":
    unittest.main()
