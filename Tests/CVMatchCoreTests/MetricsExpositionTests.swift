import Testing
@testable import CVMatchCore

/// Prometheus's text format as `MetricsExposition` writes it.
@Suite struct MetricsExpositionTests {
    @Test func countersGaugesAndHistogramsFollowTheTextFormat() {
        let text = MetricsExposition.render([
            MetricFamily(name: "x_requests_total", help: "Requests.", kind: .counter,
                         samples: [.init(labels: [MetricLabel("route", "/a"), MetricLabel("status", "200")], value: 3)]),
            MetricFamily(name: "x_open", help: "Open.", kind: .gauge, samples: [.init(value: 0.25)]),
            MetricFamily(name: "x_duration_seconds", help: "Durations.", histograms: [
                .init(labels: [MetricLabel("route", "/a")], buckets: [(0.005, 1), (0.5, 2)], sum: 0.75, count: 3),
            ]),
        ])
        #expect(text == """
        # HELP x_requests_total Requests.
        # TYPE x_requests_total counter
        x_requests_total{route="/a",status="200"} 3
        # HELP x_open Open.
        # TYPE x_open gauge
        x_open 0.25
        # HELP x_duration_seconds Durations.
        # TYPE x_duration_seconds histogram
        x_duration_seconds_bucket{route="/a",le="0.005"} 1
        x_duration_seconds_bucket{route="/a",le="0.5"} 2
        x_duration_seconds_bucket{route="/a",le="+Inf"} 3
        x_duration_seconds_sum{route="/a"} 0.75
        x_duration_seconds_count{route="/a"} 3

        """)
    }

    @Test func labelValuesAndHelpAreEscaped() {
        let text = MetricsExposition.render([
            MetricFamily(name: "y_total", help: "A \\ help\nline.", kind: .counter,
                         samples: [.init(labels: [MetricLabel("path", "a\"b\\c\nd")], value: 1)]),
        ])
        #expect(text.contains(#"# HELP y_total A \\ help\nline."#))
        #expect(text.contains(#"y_total{path="a\"b\\c\nd"} 1"#))
    }

    @Test func numbersAreWrittenAsTheFormatReadsThem() {
        #expect(MetricsExposition.number(12) == "12")
        #expect(MetricsExposition.number(0.0005) == "0.0005")
        #expect(MetricsExposition.number(.infinity) == "+Inf")
        #expect(MetricsExposition.number(.nan) == "NaN")
        #expect(MetricsExposition.number(12_345_678_901) == "12345678901")
    }
}
