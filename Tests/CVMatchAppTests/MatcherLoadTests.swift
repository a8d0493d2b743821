import CVMatchApp
import CVMatchCore
import CVMatchStore
import Foundation
import Testing

/// Loading the stored matcher the way the daemons do (issue 12's memory diet): read from Redis in
/// pieces, and kept with each example vector once.
@Suite struct MatcherLoadTests {
    @Test func aMatcherReadInPiecesIsTheOneStored() throws {
        let site = try SiteFixture()
        let store = MatcherStore(redis: site.redis)
        let stored = try #require(try site.redis.send("GET", RedisKeys.matcher).bytes)
        let whole = try #require(try store.load(pieceBytes: stored.count + 1))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Small pieces, a few large ones, and one piece that ends exactly at the last byte.
        for pieceBytes in [97, stored.count / 4, stored.count] {
            let pieces = try #require(try store.load(pieceBytes: pieceBytes))
            #expect(stored.count > 4 * 97)
            #expect(pieces.version == whole.version)
            #expect(pieces.examples == whole.examples)
            #expect(pieces.positions.map(\.id) == whole.positions.map(\.id))
            #expect(try encoder.encode(pieces) == encoder.encode(whole))
        }
        #expect(whole.examples.count == 33)
    }

    @Test func nothingPopulatedLoadsNothing() throws {
        let site = try SiteFixture(populate: false)
        #expect(try MatcherStore(redis: site.redis).load(pieceBytes: 64) == nil)
    }

    @Test func threadsWithoutAMatcherShareTheOneLoadedFirst() throws {
        let site = try SiteFixture()
        let model = try #require(try MatcherStore(redis: site.redis).load())
        let shared = SharedMatcher()
        var loads = 0
        let load = { () -> LoadedMatcher in
            loads += 1
            return LoadedMatcher(model: model, steps: .all)
        }
        let first = try shared.reload(seenVersion: nil, load: load)
        let second = try shared.reload(seenVersion: nil, load: load)
        #expect(loads == 1)
        #expect(first === second)
        // A thread that saw another version in Redis loads again.
        let third = try shared.reload(seenVersion: "another version", load: load)
        #expect(loads == 2)
        #expect(third !== first)
    }

    @Test func theLoadedMatcherKeepsEachVectorOnceAndFindsExamplesByText() throws {
        let site = try SiteFixture()
        let model = try #require(try MatcherStore(redis: site.redis).load())
        let loaded = LoadedMatcher(model: model, steps: .all)
        #expect(loaded.model.examples.isEmpty)
        #expect(loaded.examples.count == model.examples.count)
        #expect(loaded.examples.rows.count == model.examples.count * model.dimension)
        #expect(loaded.exampleVector("backend developer") == SiteFixture.vector(0))
        #expect(loaded.exampleVector("product manager 2") == SiteFixture.vector(96))
        #expect(loaded.exampleVector("no such example") == nil)
        #expect(loaded.version == model.version)
    }
}
