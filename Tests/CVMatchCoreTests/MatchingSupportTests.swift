import Testing
import FoundationEssentials
@testable import CVMatchCore

@Suite struct VectorTests {
    @Test func normalisesAndDots() {
        let v = Vector.normalised([3, 4])
        #expect(abs(v[0] - 0.6) < 1e-6 && abs(v[1] - 0.8) < 1e-6)
        #expect(abs(Vector.dot(v, v) - 1) < 1e-6)
        #expect(Vector.normalised([0, 0]) == [0, 0])
    }

    @Test func roundTripsFloat32Blobs() {
        let v: [Float] = [1, -2.5, 0.125, .greatestFiniteMagnitude]
        let blob = Vector.blob(v)
        #expect(blob.count == 16)
        #expect(Array(blob[0..<4]) == [0, 0, 0x80, 0x3f])
        #expect(Vector.fromBlob(blob) == v)
        #expect(Vector.fromBlob([1, 2, 3]) == nil)
    }
}

@Suite struct ExampleMatrixTests {
    @Test func returnsTheKNearestBestFirst() {
        let examples = [
            LabelledVector(label: "a", text: "x", vector: [1, 0]),
            LabelledVector(label: "b", text: "y", vector: [0, 1]),
            LabelledVector(label: "none", text: "z", vector: Vector.normalised([1, 1])),
        ]
        let matrix = ExampleMatrix(examples, dimension: 2)
        let found = matrix.nearest(to: Vector.normalised([1, 0.2]), k: 2)
        #expect(found.map(\.label) == ["a", "none"])
        #expect(found[0].similarity > found[1].similarity)
        #expect(matrix.nearest(to: [1, 0], k: 10).count == 3)
        #expect(matrix.nearest(to: [1, 0, 0], k: 2).isEmpty)
    }

    /// The SIMD scan is exact: the same neighbours, in the same order, with the same similarities
    /// (to float rounding) as a scalar scan with a full sort, at the shipped dimension and over an
    /// odd count of dimensions (the scalar tail).
    @Test(arguments: [384, 37])
    func agreesWithAScalarFullScan(dimension: Int) {
        var generator = SplitMix(seed: UInt64(dimension))
        let examples = (0..<500).map { n in
            LabelledVector(label: "l\(n)", text: "t\(n)",
                           vector: Vector.normalised((0..<dimension).map { _ in generator.nextFloat() }))
        }
        let matrix = ExampleMatrix(examples, dimension: dimension)
        #expect(matrix.rows.count == 500 * dimension)
        for _ in 0..<20 {
            let query = Vector.normalised((0..<dimension).map { _ in generator.nextFloat() })
            let scalar = examples.enumerated()
                .map { (index: $0.offset, label: $0.element.label, similarity: Vector.dot(query, $0.element.vector)) }
                .sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.index < $1.index }
                .prefix(10)
            let fast = matrix.nearest(to: query, k: 10)
            #expect(fast.map(\.label) == scalar.map(\.label))
            for (a, b) in zip(fast, scalar) { #expect(abs(a.similarity - b.similarity) < 1e-5) }
        }
    }
}

/// A small deterministic generator for the tests' random vectors.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 24) * 2 - 1 }
}

@Suite struct QueryNormaliserTests {
    @Test func trimsCollapsesAndFolds() {
        #expect(QueryNormaliser.normalise("  Senior\t\tBACKEND \n Developer  ") == "senior backend developer")
        #expect(QueryNormaliser.normalise("Produktmanager\u{00A0}(m/w/d)") == "produktmanager (m/w/d)")
        #expect(QueryNormaliser.normalise(" \n ") == "")
    }

    /// The byte-wise ASCII path gives what the Unicode path gives, for every ASCII character.
    @Test func theASCIIPathAgreesWithTheUnicodePath() {
        var generator = SplitMix(seed: 7)
        let all = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }
        for length in [0, 1, 2, 5, 40] {
            for _ in 0..<300 {
                let text = String((0..<length).map { _ in all[Int(generator.next() % 128)] })
                #expect(QueryNormaliser.normaliseASCII(text) == QueryNormaliser.normaliseScalars(text))
            }
        }
        #expect(QueryNormaliser.normalise("\u{7F}Senior\u{1F}BACKEND\u{0}dev ") == "senior backend dev")
    }
}

@Suite struct CalendarDayTests {
    @Test func namesUTCDays() {
        #expect(CalendarDay.day(of: 0) == "1970-01-01")
        #expect(CalendarDay.day(of: 86_399) == "1970-01-01")
        #expect(CalendarDay.day(of: 86_400) == "1970-01-02")
        #expect(CalendarDay.day(of: 1_795_910_399) == "2026-11-28")
        #expect(CalendarDay.day(of: 1_709_164_800) == "2024-02-29")
    }

    @Test func parsesRealDaysOnly() {
        #expect(CalendarDay.daysSinceEpoch(ofDay: "1970-01-02") == 1)
        #expect(CalendarDay.daysSinceEpoch(ofDay: "2024-02-29").map(CalendarDay.day(ofDayNumber:)) == "2024-02-29")
        for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "yesterday", "2024-00-10"] {
            #expect(CalendarDay.daysSinceEpoch(ofDay: bad) == nil)
        }
    }
}

@Suite struct EventCounterTests {
    @Test func fieldsRoundTrip() throws {
        let field = EventCounter.field(.download, Attribution(source: "linkedin", campaign: "spring"), position: "pm")
        #expect(field == "download|linkedin||spring|pm")
        let parsed = try #require(EventCounter.parse(field))
        #expect(parsed.kind == .download && parsed.source == "linkedin" && parsed.medium == nil && parsed.campaign == "spring" && parsed.position == "pm")
        #expect(EventCounter.parse("visit|a|b") == nil)
        #expect(EventCounter.parse("click|||||") == nil)
    }
}

@Suite struct LabelledVectorCodingTests {
    @Test func storesVectorsAsExactBase64Blobs() throws {
        let example = LabelledVector(label: "backend", text: "api engineer", vector: [0.1, -0.333333343, 1e-7, 0.5])
        let json = String(decoding: try JSONEncoder().encode(example), as: UTF8.self)
        #expect(json.contains(#""vector":""#))
        #expect(try JSONDecoder().decode(LabelledVector.self, from: Data(json.utf8)) == example)
    }

    @Test func readsTheNumberListsOfEarlierPopulates() throws {
        let json = #"{"label":"pm","text":"product manager","vector":[0.25,-1,0.5]}"#
        #expect(try JSONDecoder().decode(LabelledVector.self, from: Data(json.utf8)).vector == [0.25, -1, 0.5])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LabelledVector.self, from: Data(#"{"label":"pm","text":"x","vector":"AAA"}"#.utf8))
        }
    }
}
