import YimenCalendar
import YimenStaffing

/// A date from its `YYYY-MM-DD` form.
func day(_ text: String) throws -> LocalDate {
  try LocalDate(parsing: text)
}

/// A staff member with defaults that meet every §15 and §29 condition for a general role in 2026.
func member(
  id: String = "s1",
  name: String = "张三",
  department: String = "市市场监管局",
  category: StaffCategory = .civilServant,
  inEstablishment: Bool = true,
  born: String = "1990-06-15",
  education: Education = .bachelor,
  rank: Rank = .keyuan,
  role: StaffRole = .general
) throws -> StaffMember {
  try StaffMember(
    id: id,
    name: name,
    department: department,
    category: category,
    inEstablishment: inEstablishment,
    birthDate: try day(born),
    education: education,
    rank: rank,
    role: role
  )
}

/// An override of a rule by the centre's director.
func override(_ rule: StaffingRule, on date: String = "2026-01-01") throws -> Override {
  try Override(rule: rule, reason: "specialist needed for the window", by: "中心主任 王五", on: try day(date))
}

/// A stationing formally stationed on the given day: nominated and approved two days before a month of
/// probation that ends exactly then.
func stationed(_ member: StaffMember, on date: String) throws -> Stationing {
  let stationedOn = try day(date)
  let start = stationedOn.adding(months: -1)
  var stationing = try Stationing.nominate(member, on: start.adding(days: -2))
  try stationing.approve(on: start.adding(days: -1))
  try stationing.startProbation(on: start)
  try stationing.confirm(on: stationedOn)
  return stationing
}
