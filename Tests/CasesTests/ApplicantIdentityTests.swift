import Testing
import YimenCases

/// The fixed day the birth-date checks of these tests run on.
private let today: ApplicantIdentity.Day = (2026, 6, 1)

/// The resident ID check as of `today`.
private func residentID(_ text: String) -> String? {
  ApplicantIdentity.problemWithResidentID(text, today: today)
}

@Suite("Resident identity card numbers (GB 11643-1999)")
struct ResidentIDTests {
  /// Valid numbers, each checked by hand with an independent calculation: published examples, then numbers for
  /// the edges of the birth-date rule (leap days, 1900-01-01, born on `today`).
  @Test(
    "valid numbers pass",
    arguments: [
      "11010519491231002X",
      "110101199003074477",
      "43052120000229001X",
      "430521202402290122",
      "430521190001010024",
      "430521202606010030",
    ]
  )
  func valid(number: String) {
    #expect(residentID(number) == nil)
  }

  @Test("a number of someone already born passes with the default today")
  func defaultToday() {
    #expect(ApplicantIdentity.problemWithResidentID("11010519491231002X") == nil)
    #expect(
      ApplicantIdentity.problemWithResidentID("430521209912310015")
        == "The birth date 20991231 in characters 7–14 is in the future."
    )
  }

  @Test(
    "a wrong check character is refused with the right one named",
    arguments: [
      ("110105194912310021", "The check digit should be X, not 1."),
      ("430521202402290123", "The check digit should be 2, not 3."),
      ("110101199003074470", "The check digit should be 7, not 0."),
      ("11010119900307447X", "The check digit should be 7, not X."),
      ("43052120240229012x", "The check digit should be 2, not 'x'."),
      ("43052120240229012A", "The check digit should be 2, not 'A'."),
    ]
  )
  func wrongCheck(number: String, message: String) {
    #expect(residentID(number) == message)
  }

  @Test("a lower-case x is refused with a request for an upper-case X")
  func lowerCaseX() {
    #expect(residentID("11010519491231002x") == "The check character should be an upper-case X, not a lower-case x.")
    #expect(residentID("43052120000229001x") == "The check character should be an upper-case X, not a lower-case x.")
  }

  @Test(
    "old 15-digit numbers are refused: the 18-digit number is required",
    arguments: ["110105491231002", "440524800101001"]
  )
  func fifteenDigits(number: String) {
    #expect(residentID(number) == "This is an old 15-digit number; the 18-digit number is required.")
  }

  @Test(
    "a number of the wrong length is refused",
    arguments: [
      ("11010519491231002", 17),
      ("11010519491231002X1", 19),
      ("1101051949123100", 16),
      ("11010549123100A", 15),
      ("1", 1),
    ]
  )
  func wrongLength(number: String, count: Int) {
    #expect(residentID(number) == "The number should have 18 characters, not \(count).")
  }

  @Test("an empty number is refused")
  func empty() {
    #expect(residentID("") == "The number is empty.")
  }

  @Test(
    "a character other than a digit among the first 17 is refused with its position",
    arguments: [
      ("11010519491231O02X", "Character 15 should be a digit, not 'O'."),
      ("X1010519491231002X", "Character 1 should be a digit, not 'X'."),
      ("1101051949123100XX", "Character 17 should be a digit, not 'X'."),
      ("110105-949123100 X", "Character 7 should be a digit, not '-'."),
      ("110105 19491231002", "Character 7 should be a digit, not a space."),
      ("１10105194912310021", "Character 1 should be a digit, not the full-width '１'."),
    ]
  )
  func nonDigit(number: String, message: String) {
    #expect(residentID(number) == message)
  }

  @Test("an area code starting with 0 is refused")
  func areaCodeZero() {
    #expect(residentID("030521198001010114") == "The area code (characters 1–6) cannot start with 0.")
  }

  /// Numbers whose only fault is the birth date: each has the right check character for its digits.
  @Test(
    "impossible birth dates are refused",
    arguments: [
      ("430521194902300043", "The birth date 19490230 in characters 7–14 is not a real date."),
      ("43052119491301005X", "The birth date 19491301 in characters 7–14 is not a real date."),
      ("430521194900010069", "The birth date 19490001 in characters 7–14 is not a real date."),
      ("430521194901000073", "The birth date 19490100 in characters 7–14 is not a real date."),
      ("430521190002290080", "The birth date 19000229 in characters 7–14 is not a real date."),
      ("430521202606020095", "The birth date 20260602 in characters 7–14 is in the future."),
      ("43052118991231010X", "The birth date 18991231 in characters 7–14 is before 1900."),
      // GB 11643-1999's own example, of someone born on 1880-01-01: its check digit is right (see
      // `independentAgrees`), but applicants are born in 1900 or later.
      ("440524188001010014", "The birth date 18800101 in characters 7–14 is before 1900."),
    ]
  )
  func birthDate(number: String, message: String) {
    #expect(residentID(number) == message)
  }

  /// An implementation independent of the one under test: the weights as powers of 2 mod 11, and the check
  /// value that makes the weighted sum of all 18 characters 1 mod 11 (10 written X).
  static func checkCharacter(_ body: String) -> Character {
    let digits = body.map { Int(String($0))! }
    var weight = 1
    var weights: [Int] = []
    for _ in 0..<17 {
      weight = weight * 2 % 11
      weights.insert(weight, at: 0)
    }
    let sum = zip(digits, weights).map { $0 * $1 }.reduce(0, +)
    let value = (12 - sum % 11) % 11
    return value == 10 ? "X" : Character(String(value))
  }

  @Test("the independent check agrees with the fixed examples")
  func independentAgrees() {
    for number in ["11010519491231002X", "440524188001010014", "110101199003074477", "43052120000229001X"] {
      #expect(Self.checkCharacter(String(number.prefix(17))) == number.last)
    }
  }

  @Test(
    "every body takes exactly the check character of the independent calculation",
    arguments: ["110105", "440524", "430521", "650102", "810000"]
  )
  func everyCheckCharacter(area: String) {
    let dates = ["19000101", "19491231", "19800229", "19991231", "20000229", "20151018", "20260601"]
    for (index, date) in dates.enumerated() {
      let body = area + date + String(100 + index * 137)
      let expected = Self.checkCharacter(body)
      for candidate in "0123456789X" {
        let problem = residentID(body + String(candidate))
        if candidate == expected {
          #expect(problem == nil, "\(body)\(candidate)")
        } else {
          #expect(problem == "The check digit should be \(expected), not \(candidate).", "\(body)\(candidate)")
        }
      }
    }
  }
}

@Suite("Unified social credit codes (GB 32100-2015)")
struct CreditCodeTests {
  /// Valid codes, each checked by hand with an independent calculation; the last two have the check characters
  /// 0 (a weighted sum divisible by 31) and Y (the last character of the set).
  @Test(
    "valid codes pass",
    arguments: [
      "91350100M000100Y43",
      "91440300708461136T",
      "91310000717866186P",
      "91110000600037341L",
      "9143052157681234G0",
      "9143052157681234TY",
    ]
  )
  func valid(code: String) {
    #expect(ApplicantIdentity.problemWithCreditCode(code) == nil)
  }

  @Test(
    "a wrong check character is refused with the right one named",
    arguments: [
      ("91110000100000000K", "The check character should be R, not K."),
      ("91350100M000100Y44", "The check character should be 3, not 4."),
      ("9143052157681234GY", "The check character should be 0, not Y."),
      ("9143052157681234T0", "The check character should be Y, not 0."),
    ]
  )
  func wrongCheck(code: String, message: String) {
    #expect(ApplicantIdentity.problemWithCreditCode(code) == message)
  }

  @Test(
    "the letters I, O, S, V and Z are refused with their position",
    arguments: [
      ("91350100I000100Y43", 9, "I"),
      ("91350100M0O0100Y43", 11, "O"),
      ("S1350100M000100Y43", 1, "S"),
      ("9V350100M000100Y43", 2, "V"),
      ("91350100M000100Z43", 16, "Z"),
      ("91350100M000100Y4O", 18, "O"),
    ]
  )
  func excludedLetters(code: String, position: Int, letter: String) {
    #expect(
      ApplicantIdentity.problemWithCreditCode(code)
        == "Character \(position) cannot be \(letter), as the code uses no I, O, S, V or Z."
    )
  }

  @Test(
    "the area code must be digits",
    arguments: [
      ("9135A100M000100Y43", "Characters 3–8 are the area code, so character 5 should be a digit, not 'A'."),
      ("913501O0M000100Y43", "Characters 3–8 are the area code, so character 7 should be a digit, not 'O'."),
      ("9135010 M000100Y43", "Characters 3–8 are the area code, so character 8 should be a digit, not a space."),
    ]
  )
  func areaCode(code: String, message: String) {
    #expect(ApplicantIdentity.problemWithCreditCode(code) == message)
  }

  @Test(
    "other characters are refused with their position",
    arguments: [
      ("91350100m000100Y43", "Character 9 should be an upper-case M, not a lower-case m."),
      ("91350100M000100y43", "Character 16 should be an upper-case Y, not a lower-case y."),
      (
        "91350100M000100Y4o",
        "Character 18 should be a digit or an upper-case letter other than I, O, S, V and Z, not 'o'."
      ),
      (
        "91350100M000-00Y43",
        "Character 13 should be a digit or an upper-case letter other than I, O, S, V and Z, not '-'."
      ),
      (
        "91350100Ｍ000100Y43",
        "Character 9 should be a digit or an upper-case letter other than I, O, S, V and Z, not the full-width 'Ｍ'."
      ),
    ]
  )
  func otherCharacters(code: String, message: String) {
    #expect(ApplicantIdentity.problemWithCreditCode(code) == message)
  }

  @Test(
    "a code of the wrong length is refused",
    arguments: [("91350100M000100Y4", 17), ("91350100M000100Y433", 19), ("M000100Y4", 9)]
  )
  func wrongLength(code: String, count: Int) {
    #expect(ApplicantIdentity.problemWithCreditCode(code) == "The code should have 18 characters, not \(count).")
  }

  @Test("an empty code is refused")
  func empty() {
    #expect(ApplicantIdentity.problemWithCreditCode("") == "The code is empty.")
  }

  /// An implementation independent of the one under test: the weights as powers of 3 mod 31, and the check
  /// value that makes the weighted sum of the first 17 characters plus the check value 0 mod 31.
  static let characters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

  static func checkCharacter(_ body: String) -> Character {
    var weight = 1
    var sum = 0
    for character in body {
      sum += Self.characters.firstIndex(of: character)! * weight
      weight = weight * 3 % 31
    }
    return Self.characters[(31 - sum % 31) % 31]
  }

  @Test("the independent check agrees with the fixed examples")
  func independentAgrees() {
    for code in ["91350100M000100Y43", "91440300708461136T", "9143052157681234G0", "9143052157681234TY"] {
      #expect(Self.checkCharacter(String(code.prefix(17))) == code.last)
    }
  }

  @Test("every body takes exactly the check character of the independent calculation")
  func everyCheckCharacter() {
    // A fixed pseudo-random sequence of bodies: authority and category, a 6-digit area code, 9 organisation
    // characters.
    var state: UInt64 = 20_151_001
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<40 {
      let prefix = ["11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93", "Y1"][next(12)]
      let area = (0..<6).map { _ in String(next(10)) }.joined()
      let organisation = (0..<9).map { _ in String(Self.characters[next(31)]) }.joined()
      let body = prefix + area + organisation
      let expected = Self.checkCharacter(body)
      for candidate in Self.characters {
        let problem = ApplicantIdentity.problemWithCreditCode(body + String(candidate))
        if candidate == expected {
          #expect(problem == nil, "\(body)\(candidate)")
        } else {
          #expect(problem == "The check character should be \(expected), not \(candidate).", "\(body)\(candidate)")
        }
      }
    }
  }
}

@Suite("Applicants' phone numbers")
struct PhoneTests {
  @Test(
    "mobile and fixed-line numbers pass",
    arguments: [
      "13812345678",
      "19912345678",
      "15073901234",
      "0739-5301101",
      "07395301101",
      "5301101",
      "010-62345678",
      "01062345678",
      "62345678",
      "0739-53011012",
      "073953011012",
    ]
  )
  func valid(phone: String) {
    #expect(ApplicantIdentity.problemWithPhone(phone) == nil)
  }

  @Test(
    "other numbers are refused",
    arguments: [
      ("", "The number is empty."),
      ("12345", "A 5-digit number such as 12345 is a service hotline, not an applicant's phone."),
      ("95588", "A 5-digit number such as 12345 is a service hotline, not an applicant's phone."),
      (
        "110",
        "The number is too short for a phone number, as a mobile number has 11 digits and a local number 7–8."
      ),
      ("12345678901", "The second digit of a mobile number should be 3–9, not 2."),
      ("10012345678", "The second digit of a mobile number should be 3–9, not 0."),
      ("1381234567", "A mobile number should have 11 digits, not 10."),
      ("138123456789", "A mobile number should have 11 digits, not 12."),
      ("+8613812345678", "The number should be given without the +86 country code."),
      ("138 1234 5678", "Character 4 should be a digit or '-', not a space."),
      ("(0739)5301101", "Character 1 should be a digit or '-', not '('."),
      ("1381234567８", "Character 11 should be a digit or '-', not the full-width '８'."),
      ("0739-530110", "The local number should have 7–8 digits, not 6."),
      ("0739-", "The local number should have 7–8 digits, not 0."),
      ("0739-0301101", "The local number cannot start with 0 or 1."),
      ("010-12345678", "The local number cannot start with 0 or 1."),
      ("739-5301101", "The area code before '-' should have 3–4 digits starting with 0."),
      ("07391-5301101", "The area code before '-' should have 3–4 digits starting with 0."),
      ("-5301101", "The area code before '-' should have 3–4 digits starting with 0."),
      ("0739--5301101", "The number should have at most one '-', between the area code and the local number."),
      ("530-1101", "The area code before '-' should have 3–4 digits starting with 0."),
      (
        "073953011",
        "A number starting with 0 should be a 3–4 digit area code followed by a 7–8 digit local number "
          + "starting with 2–9."
      ),
      (
        "0739530110123",
        "A number starting with 0 should be a 3–4 digit area code followed by a 7–8 digit local number "
          + "starting with 2–9."
      ),
      (
        "01001234567",
        "A number starting with 0 should be a 3–4 digit area code followed by a 7–8 digit local number "
          + "starting with 2–9."
      ),
      (
        "530110", "The number is too short for a phone number, as a mobile number has 11 digits and a local number 7–8."
      ),
      ("530110123", "The local number should have 7–8 digits, not 9."),
    ]
  )
  func invalid(phone: String, message: String) {
    #expect(ApplicantIdentity.problemWithPhone(phone) == message)
  }
}
