/// The growable bytes behind an `HTML` fragment. A page is written in thousands of small
/// appends (a literal, an escaped name, a digit), so each must cost a bounds check and a
/// `memcpy`: an `Array`'s generic append with its uniqueness checks cost ten times that.
/// Written only while its fragment is being built, then only read: that is what makes the
/// unchecked `Sendable` sound.
final class HTMLBytes: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 32)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    @inline(__always)
    func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        guard length > 0 else { return }
        if length > capacity &- count { grow(toHold: length) }
        (base + count).update(from: source, count: length)
        count &+= length
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        base[count] = byte
        count &+= 1
    }

    func append(_ other: HTMLBytes) {
        append(other.base, count: other.count)
    }

    private func grow(toHold extra: Int) {
        // Capacities are small (a page is at most a few MB), so doubling cannot overflow.
        let needed = count &+ extra
        var newCapacity = capacity &* 2
        while newCapacity < needed { newCapacity &*= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
