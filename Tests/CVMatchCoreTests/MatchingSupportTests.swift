import Testing
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

@Suite struct ExactSearchTests {
    @Test func returnsTheKNearestBestFirst() {
        let examples = [
            LabelledVector(label: "a", text: "x", vector: [1, 0]),
            LabelledVector(label: "b", text: "y", vector: [0, 1]),
            LabelledVector(label: "none", text: "z", vector: Vector.normalised([1, 1])),
        ]
        let found = ExactSearch.nearest(to: Vector.normalised([1, 0.2]), in: examples, k: 2)
        #expect(found.map(\.label) == ["a", "none"])
        #expect(found[0].similarity > found[1].similarity)
        #expect(ExactSearch.nearest(to: [1, 0], in: examples, k: 10).count == 3)
    }
}

@Suite struct QueryNormaliserTests {
    @Test func trimsCollapsesAndFolds() {
        #expect(QueryNormaliser.normalise("  Senior\t\tBACKEND \n Developer  ") == "senior backend developer")
        #expect(QueryNormaliser.normalise("Produktmanager\u{00A0}(m/w/d)") == "produktmanager (m/w/d)")
        #expect(QueryNormaliser.normalise(" \n ") == "")
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
