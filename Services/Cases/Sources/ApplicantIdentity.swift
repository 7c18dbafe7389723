import YimenCalendar

/// Checks the identifiers of applicants.
///
/// Each check returns nil for a valid identifier, or one English sentence saying what is wrong, for a field
/// violation; the caller adds the field's name. Nothing is trimmed or normalised: a space, a full-width digit or
/// a lower-case letter is refused with a message saying so, so that what is stored is what was checked.
package enum ApplicantIdentity {
  /// A calendar date as (year, month, day), e.g. `(2026, 6, 1)`.
  package typealias Day = (year: Int, month: Int, day: Int)

  // MARK: Resident identity card numbers

  /// The weights of the first 17 digits of a resident identity card number (GB 11643-1999): 2^(18-i) mod 11.
  static let residentIDWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

  /// The check character of a resident identity card number, indexed by the weighted sum mod 11.
  static let residentIDCheckCharacters: [Character] = Array("10X98765432")

  /// Why a 居民身份证号码 (GB 11643-1999) is not valid, or nil when it is.
  ///
  /// A valid number has 18 characters: a 6-digit area code whose first digit is 1–9, the birth date as 8 digits
  /// `YYYYMMDD` (a real date from 1900-01-01 to `today`), a 3-digit sequence number and the check character, a
  /// digit or an upper-case `X`. Old 15-digit numbers and a lower-case `x` are refused.
  ///
  /// - Parameters:
  ///   - text: The number as entered.
  ///   - today: The latest possible birth date; by default today in Asia/Shanghai. Tests pass a fixed day.
  package static func problemWithResidentID(
    _ text: String,
    today: Day = ApplicantIdentity.todayInShanghai()
  ) -> String? {
    let characters = Array(text)
    if characters.isEmpty {
      return "The number is empty."
    }
    if characters.count == 15 && characters.allSatisfy(isDigit) {
      return "This is an old 15-digit number; the 18-digit number is required."
    }
    guard characters.count == 18 else {
      return "The number should have 18 characters, not \(characters.count)."
    }
    var digits: [Int] = []
    for (index, character) in characters.prefix(17).enumerated() {
      guard let digit = digitValue(character) else {
        return "Character \(index + 1) should be a digit, not \(shown(character))."
      }
      digits.append(digit)
    }
    if digits[0] == 0 {
      return "The area code (characters 1–6) cannot start with 0."
    }
    if let problem = problemWithBirthDate(digits[6..<14], today: today) {
      return problem
    }
    let sum = zip(digits, residentIDWeights).reduce(0) { $0 + $1.0 * $1.1 }
    let expected = residentIDCheckCharacters[sum % 11]
    let given = characters[17]
    if given == expected {
      return nil
    }
    if given == "x" && expected == "X" {
      return "The check character should be an upper-case X, not a lower-case x."
    }
    let givenText = isDigit(given) || given == "X" ? String(given) : shown(given)
    return "The check digit should be \(expected), not \(givenText)."
  }

  /// Why the eight birth-date digits `YYYYMMDD` of a resident identity card number are not a possible birth date.
  private static func problemWithBirthDate(_ digits: ArraySlice<Int>, today: Day) -> String? {
    let number = { (range: Range<Int>) in range.reduce(0) { $0 * 10 + digits[digits.startIndex + $1] } }
    let year = number(0..<4)
    let month = number(4..<6)
    let day = number(6..<8)
    let text = digits.map(String.init).joined()
    guard (1...12).contains(month), (1...LocalDate.daysInMonth(month, of: year)).contains(day) else {
      return "The birth date \(text) in characters 7–14 is not a real date."
    }
    if year < 1900 {
      return "The birth date \(text) in characters 7–14 is before 1900."
    }
    if (year, month, day) > (today.year, today.month, today.day) {
      return "The birth date \(text) in characters 7–14 is in the future."
    }
    return nil
  }

  /// Today's date in Asia/Shanghai, the default latest birth date.
  package static func todayInShanghai() -> Day {
    let today = LocalDate.today()
    return (today.year, today.month, today.day)
  }

  // MARK: Unified social credit codes

  /// The characters of a unified social credit code (GB 32100-2015), in the order of their values 0–30: the
  /// digits and the upper-case letters other than I, O, S, V and Z.
  static let creditCodeCharacters: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

  /// The weights of the first 17 characters of a unified social credit code: 3^(i-1) mod 31.
  static let creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

  /// Why a 统一社会信用代码 (GB 32100-2015) is not valid, or nil when it is.
  ///
  /// A valid code has 18 characters from `creditCodeCharacters`: the registration authority (1), the category
  /// (2), a 6-digit area code (3–8), the organisation code (9–17) and the check character (18).
  package static func problemWithCreditCode(_ text: String) -> String? {
    let characters = Array(text)
    if characters.isEmpty {
      return "The code is empty."
    }
    guard characters.count == 18 else {
      return "The code should have 18 characters, not \(characters.count)."
    }
    var values: [Int] = []
    for (index, character) in characters.enumerated() {
      let position = index + 1
      if (3...8).contains(position) && !isDigit(character) {
        return "Characters 3–8 are the area code, so character \(position) should be a digit, not \(shown(character))."
      }
      if let value = creditCodeCharacters.firstIndex(of: character) {
        values.append(value)
        continue
      }
      if "IOSVZ".contains(character) {
        return "Character \(position) cannot be \(character), as the code uses no I, O, S, V or Z."
      }
      let upper = character.uppercased()
      if character.isLowercase, upper.count == 1, let upper = upper.first, creditCodeCharacters.contains(upper) {
        return "Character \(position) should be an upper-case \(upper), not a lower-case \(character)."
      }
      return "Character \(position) should be a digit or an upper-case letter other than I, O, S, V and Z, "
        + "not \(shown(character))."
    }
    let sum = zip(values, creditCodeWeights).reduce(0) { $0 + $1.0 * $1.1 }
    let check = 31 - sum % 31
    let expected = creditCodeCharacters[check == 31 ? 0 : check]
    if characters[17] != expected {
      return "The check character should be \(expected), not \(characters[17])."
    }
    return nil
  }

  // MARK: Phone numbers

  /// Why a phone number is not an applicant's phone, or nil when it is.
  ///
  /// Valid are a mainland mobile number (11 digits: 1, then 3–9, then 9 digits) and a fixed-line number: an
  /// optional area code of 3–4 digits starting with 0, an optional `-`, and a local number of 7–8 digits that
  /// starts with 2–9 (local numbers never start with 0, the trunk prefix, or 1, the service numbers), e.g.
  /// `0739-5301101`, `07395301101` or `5301101`. Service numbers such as the 12345 hotline are refused, and so are
  /// spaces, brackets and a `+86` country code.
  package static func problemWithPhone(_ text: String) -> String? {
    let characters = Array(text)
    if characters.isEmpty {
      return "The number is empty."
    }
    if text.hasPrefix("+86") {
      return "The number should be given without the +86 country code."
    }
    for (index, character) in characters.enumerated() where !isDigit(character) && character != "-" {
      return "Character \(index + 1) should be a digit or '-', not \(shown(character))."
    }
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    if parts.count > 2 {
      return "The number should have at most one '-', between the area code and the local number."
    }
    if parts.count == 2 {
      let area = parts[0]
      guard (3...4).contains(area.count), area.first == "0" else {
        return "The area code before '-' should have 3–4 digits starting with 0."
      }
      return problemWithLocalNumber(parts[1])
    }
    let count = characters.count
    if count == 5 {
      return "A 5-digit number such as 12345 is a service hotline, not an applicant's phone."
    }
    if count < 7 {
      return "The number is too short for a phone number, as a mobile number has 11 digits and a local number 7–8."
    }
    switch characters[0] {
    case "1":
      guard count == 11 else {
        return "A mobile number should have 11 digits, not \(count)."
      }
      guard ("3"..."9").contains(characters[1]) else {
        return "The second digit of a mobile number should be 3–9, not \(characters[1])."
      }
      return nil
    case "0":
      let splits = (3...4).filter { problemWithLocalNumber(text.dropFirst($0)) == nil }
      if splits.isEmpty {
        return "A number starting with 0 should be a 3–4 digit area code followed by a 7–8 digit local number "
          + "starting with 2–9."
      }
      return nil
    default:
      return problemWithLocalNumber(Substring(text))
    }
  }

  /// Why the digits of a fixed-line number after its area code (or without one) are not a local number.
  private static func problemWithLocalNumber(_ local: Substring) -> String? {
    guard (7...8).contains(local.count) else {
      return "The local number should have 7–8 digits, not \(local.count)."
    }
    guard let first = local.first, ("2"..."9").contains(first) else {
      return "The local number cannot start with 0 or 1."
    }
    return nil
  }

  // MARK: Characters

  /// True for the ASCII digits 0–9 (not full-width or other digits).
  private static func isDigit(_ character: Character) -> Bool {
    digitValue(character) != nil
  }

  /// The value of an ASCII digit 0–9, or nil for any other character.
  private static func digitValue(_ character: Character) -> Int? {
    guard let ascii = character.asciiValue, (48...57).contains(ascii) else { return nil }
    return Int(ascii - 48)
  }

  /// A character as a message shows it: quoted, with spaces and full-width digits and letters named.
  private static func shown(_ character: Character) -> String {
    if character.isWhitespace {
      return "a space"
    }
    if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
      (0xFF01...0xFF5E).contains(scalar.value)
    {
      return "the full-width '\(character)'"
    }
    return "'\(character)'"
  }
}
