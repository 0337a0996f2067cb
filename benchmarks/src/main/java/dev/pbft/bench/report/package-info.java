/**
 * Writers for load results: CSV series, a JSON document, a self-contained SVG chart, and the
 * text lines printed while a benchmark runs. {@link dev.pbft.bench.report.SvgLineChart} is general
 * purpose (any named (x, y) series) and is meant for other charts too.
 */
package dev.pbft.bench.report;
