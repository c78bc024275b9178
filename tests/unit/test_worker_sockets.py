"""The listening socket each `casework serve --workers N` worker makes (cli.workers)."""

import asyncio
import socket

from cli.workers import listening_socket


def test_connections_a_worker_accepts_send_without_waiting_for_acks():
    """asyncio sets TCP_NODELAY on the connections of a socket that says it is TCP; without
    it an answer written in two parts (headers, then body) waited 40 ms for the client's
    delayed ACK: two workers served 39 requests a second on two connections."""

    async def nodelay_of_an_accepted_connection() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport):
                sock = transport.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        listener = listening_socket("127.0.0.1", 0)
        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        async with server:
            port = listener.getsockname()[1]
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            nodelay = await asyncio.wait_for(accepted, timeout=10)
            writer.close()
        return nodelay

    assert asyncio.run(nodelay_of_an_accepted_connection()) != 0
