public import CZeroMQ

/// A libzmq context: the owner of I/O threads and of every socket made from it.
///
/// libzmq contexts are thread-safe, so this type is `Sendable`. `terminate()` blocks until every
/// socket made from the context is closed; set LINGER on sockets (``ZMQSocket`` does by default)
/// so that it never waits for undelivered messages.
package final class ZMQContext: @unchecked Sendable {
  // @unchecked: a zmq context may be shared between threads (zmq.adoc); the handle never changes.
  let handle: UnsafeMutableRawPointer
  private let terminated = Flag()

  /// Creates a context with the given number of libzmq I/O threads.
  package init(ioThreads: Int32 = 1) throws(ZMQError) {
    guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
    zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
    self.handle = handle
  }

  /// Shuts the context down: blocking calls on its sockets return ETERM. Sockets must still be closed.
  package func shutdown() {
    zmq_ctx_shutdown(self.handle)
  }

  /// Terminates the context; blocks until all its sockets are closed. Safe to call twice.
  package func terminate() {
    guard self.terminated.setOnce() else { return }
    while zmq_ctx_term(self.handle) != 0 && zmq_errno() == EINTR {}
  }

  deinit {
    self.terminate()
  }
}
