public import CZeroMQ

#if canImport(Glibc)
  import Glibc
#endif

/// A failed libzmq call: the operation that failed, its `errno` and libzmq's description of it.
package struct ZMQError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The libzmq function (and argument) that failed, e.g. `zmq_bind(tcp://127.0.0.1:5555)`.
  package var operation: String
  /// The `errno` value libzmq reported.
  package var errno: Int32

  package init(operation: String, errno: Int32) {
    self.operation = operation
    self.errno = errno
  }

  /// Captures `zmq_errno()` for the given operation.
  package static func last(_ operation: String) -> ZMQError {
    ZMQError(operation: operation, errno: zmq_errno())
  }

  /// libzmq's description of the error (`zmq_strerror`).
  package var message: String { String(cString: zmq_strerror(self.errno)) }

  /// True for EAGAIN: a non-blocking operation would have blocked (e.g. a peer at its high-water mark).
  package var wouldBlock: Bool { self.errno == EAGAIN }

  /// True for EHOSTUNREACH: a ROUTER with ROUTER_MANDATORY set has no peer with that identity.
  package var hostUnreachable: Bool { self.errno == EHOSTUNREACH }

  package var description: String { "\(self.operation) failed: \(self.message) (errno \(self.errno))" }
}
