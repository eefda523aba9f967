"""A TCP proxy between Django and PostgreSQL that a test can cut and restore.

The shared PostgreSQL server is never stopped: the drills route their own connections through
this proxy and cut it, which looks to Django exactly like a database that restarted (every open
connection drops) and then cannot be reached (new connections are closed at once) until
``restore()``.
"""

import contextlib
import socket
import threading


class TCPProxy:
    """Forward ``127.0.0.1:<port>`` to ``target``; ``cut()`` drops and refuses connections."""

    def __init__(self, target_host="127.0.0.1", target_port=5432):
        self.target = (target_host, int(target_port))
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.lock = threading.Lock()
        self.pairs = set()
        self.closed = False
        self.accepted = 0
        self.thread = threading.Thread(target=self._accept, daemon=True, name="pg-proxy")
        self.thread.start()

    def _accept(self):
        while not self.closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()  # the database "is not there": the connection drops at once
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            pair = (client, upstream)
            with self.lock:
                self.pairs.add(pair)
                self.accepted += 1
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink, pair), daemon=True).start()

    def _pipe(self, source, sink, pair):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(pair)

    def _drop(self, pair):
        with self.lock:
            self.pairs.discard(pair)
        for sock in pair:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def cut(self):
        """Drop every open connection and refuse new ones."""
        self.up = False
        with self.lock:
            pairs = list(self.pairs)
        for pair in pairs:
            self._drop(pair)

    def restore(self):
        self.up = True

    def close(self):
        self.closed = True
        self.cut()
        self.listener.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
