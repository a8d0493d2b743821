import CVMatchQRCode
import CVMatchSystem

/// Writes a link's QR code to a file whose name says the format (`QRImage.Format`).
public enum LinkQR {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ link: String, to path: String) throws(Failure) {
        guard let format = QRImage.Format(fileName: path) else { throw Failure(description: "\(path): not .svg or .png") }
        guard let code = QRCode(link) else { throw Failure(description: "\(link) is too long for a QR code") }
        if let error = SystemFiles.replace(path, with: QRImage.render(code, as: format)) {
            throw Failure(description: "cannot write \(path): \(error)")
        }
    }
}
