import Synchronization

/// A boolean that can be set once from any thread.
final class Flag: Sendable {
  private let value = Atomic<Bool>(false)

  /// Sets the flag; returns true only for the call that set it.
  func setOnce() -> Bool {
    !self.value.exchange(true, ordering: .acquiringAndReleasing)
  }

  var isSet: Bool { self.value.load(ordering: .acquiring) }
}
