/// The category a staff member belongs to, which §18 uses to group the annual assessment.
///
/// §18 assesses three groups: civil servants (公务员, 参公管理), institution staff (事业单位人员) and
/// others; `purchasedService` and `other` together form the third group.
package enum StaffCategory: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// 公务员 or 参照公务员法管理 (参公) staff.
  case civilServant = "civil_servant"
  /// 事业单位人员: staff of a public institution.
  case institution
  /// 政府购买服务: staff provided through a government service purchase, who run the comprehensive
  /// windows (§20); never in establishment.
  case purchasedService = "purchased_service"
  /// Any other staff, e.g. temporary or contract staff of the department.
  case other

  /// The English name with the Chinese term, e.g. `civil servant (公务员/参公)`.
  package var description: String {
    switch self {
    case .civilServant: "civil servant (公务员/参公)"
    case .institution: "institution staff (事业单位)"
    case .purchasedService: "purchased service (政府购买服务)"
    case .other: "other staff"
    }
  }
}
