import CQRencode

/// A QR code's modules (dark or light), from Debian's libqrencode; drawing it is the view's job.
public struct QRMatrix: Sendable, Equatable {
    /// Modules per side.
    public let size: Int
    /// Row after row, `size * size` values; true is dark.
    public let modules: [Bool]

    public func isDark(row: Int, column: Int) -> Bool {
        guard row >= 0, column >= 0, row < size, column < size else { return false }
        return modules[row * size + column]
    }

    /// The smallest QR code holding `text` at error-correction level M (readable with a
    /// smudge or two), in byte mode so case survives; nil when the text is too long
    /// (the library refuses) or empty.
    public static func encode(_ text: String) -> QRMatrix? {
        guard !text.isEmpty, text.utf8.count <= 1000 else { return nil }
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, width <= 177, let data = code.pointee.data else { return nil }
        // Bit 0 of each byte is the module's colour; the other bits say what part it is.
        let modules = (0..<(width * width)).map { data[$0] & 1 == 1 }
        return QRMatrix(size: width, modules: modules)
    }
}
