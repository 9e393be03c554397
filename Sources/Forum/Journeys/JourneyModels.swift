import Foundation

/// One design element of the journey (e.g. "Assessment and grading") with its stages in order.
public struct JourneyElement: Sendable {
    public var id: Int
    public var slug: String
    public var name: String
    public var description: String
    public var position: Int
    public var stages: [JourneyStage]

    /// The stage with this 1-based number, if the element has it.
    public func stage(_ number: Int) -> JourneyStage? {
        stages.first { $0.position == number }
    }
}

/// A stage of an element; `position` is the contract's 1-based stage number.
public struct JourneyStage: Sendable {
    public var id: Int
    public var position: Int
    public var name: String
    /// How many schools stand on this stage now.
    public var schoolCount: Int
}

/// A member shown by name with a link to their profile (a school's leaders).
public struct JourneyPerson: Sendable, Equatable {
    public var username: String
    public var name: String
}
