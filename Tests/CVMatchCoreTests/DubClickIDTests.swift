import Testing
import CVMatchCore

@Suite struct DubClickIDTests {
    @Test func dubIDIsKeptWithItsCaseAndBounded() {
        #expect(Attribution(queryString: "dub_id=AbC_12-x&utm_source=LinkedIn").dubClickID == "AbC_12-x")
        #expect(Attribution(queryString: "dub_id=AbC_12-x").queryString == "dub_id=AbC_12-x")
        #expect(Attribution(queryString: "dub_id=a%20b").dubClickID == nil)
        #expect(Attribution(queryString: "dub_id=a.b").dubClickID == nil)
        #expect(Attribution(queryString: "dub_id=" + String(repeating: "a", count: 65)).dubClickID == nil)
        #expect(Attribution(queryString: "dub_id=" + String(repeating: "a", count: 64)).dubClickID?.count == 64)
        #expect(Attribution(queryString: "dub_id=é").dubClickID == nil)
        #expect(Attribution(queryString: "dub_id=first&dub_id=second").dubClickID == "first")
    }
}
