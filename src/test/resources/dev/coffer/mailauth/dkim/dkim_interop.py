#!/usr/bin/python3
"""Drives Debian's python3-dkim (dkimpy) for Coffer's DKIM interoperability test.

  dkim_interop.py verify MESSAGE TXT_RECORD
      Verifies the topmost DKIM-Signature of MESSAGE, answering every key query with the
      contents of TXT_RECORD. Prints "pass" or "fail".
  dkim_interop.py sign MESSAGE SELECTOR DOMAIN KEY ALGORITHM CANON OUT
      Signs MESSAGE with KEY (PKCS#8 PEM for rsa-sha256, base64 raw seed for
      ed25519-sha256), CANON as "relaxed/relaxed" or "simple/simple", and writes the
      signature field followed by the message to OUT.

Exit status 3 means python3-dkim (or python3-nacl, for Ed25519) is not installed.
"""
import sys

try:
    import dkim
except ImportError:
    print("python3-dkim is not installed (apt-get install python3-dkim)", file=sys.stderr)
    sys.exit(3)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def verify(message_path, txt_path):
    message = read(message_path)
    record = read(txt_path).strip()

    def dnsfunc(name, timeout=5):
        return record

    ok = dkim.verify(message, dnsfunc=dnsfunc, minkey=1024)
    print("pass" if ok else "fail")


def sign(message_path, selector, domain, key_path, algorithm, canon, out_path):
    message = read(message_path)
    header_canon, body_canon = canon.encode().split(b"/")
    signature = dkim.sign(message, selector.encode(), domain.encode(), read(key_path).strip(),
                          canonicalize=(header_canon, body_canon),
                          signature_algorithm=algorithm.encode(),
                          include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    with open(out_path, "wb") as f:
        f.write(signature + message)
    print("signed")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 9 and sys.argv[1] == "sign":
        sign(*sys.argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
