extension Policy {
    /// A school's journey is its leadership team's to tell; admins keep it tidy. Everyone
    /// signed in reads it.
    public static func canChangeJourney(_ member: Member, isLeaderOfSchool: Bool) -> Bool {
        isActive(member) && (member.role == .admin || isLeaderOfSchool)
    }
}
