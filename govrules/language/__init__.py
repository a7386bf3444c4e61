"""The MoU language: the models a trust file must fit (bodies, seats, quorum, voting,
procedures, gaps and readings), rule paths, ratios, calendars and declared references."""
