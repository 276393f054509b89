// Starting and stopping a node:http(s) server as promises.
/** Listens; rejects with the server's error (e.g. code EADDRINUSE) and `port` set on it. */
export function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      error.port = port;
      reject(error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(server.address().port);
    });
  });
}

/** Stops accepting, drops idle keep-alive connections (browsers keep them open), waits. */
export function closeServer(server) {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    // In-flight requests get a moment to finish, then go too, so Ctrl-C never hangs.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}

/** "http://127.0.0.1:9026" for what we bound (IPv6 literals get brackets). */
export function originOf(protocol, host, port) {
  const shown = host.includes(":") ? `[${host}]` : host;
  return `${protocol}://${shown}:${port}`;
}
