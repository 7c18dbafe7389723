import Foundation
package import SQLKit
package import SwiftProtobuf

extension SQLRow {
  /// The protobuf message a row keeps in a column (`data`, by the services' convention).
  package func message<Message: SwiftProtobuf.Message>(_ type: Message.Type, column: String = "data") throws -> Message
  {
    try Message(serializedBytes: try self.decode(column: column, as: Data.self))
  }
}
