"""The annual enforcement data report (行政执法数据年度报告, 国办发〔2018〕118号): computed
for a year from the recorded facts, reviewed, published by 31 January, exported."""
