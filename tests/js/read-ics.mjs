// Read each .ics file named on the command line with Mozilla's ical.js and print what
// it found as JSON: the second, independent parser the event tests check calendars with.
// Usage: node read-ics.mjs FILE.ics ...   (exits non-zero if a file does not parse)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const result = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  // Timed events name their zone; its rules come from the file's own VTIMEZONE.
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  result[path] = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const moment = (time) => ({
      value: time.toString(),
      isDate: time.isDate,
      tzid: time.isDate ? null : time.zone.tzid,
      unix: time.isDate ? null : time.toUnixTime(),
    });
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      status: component.getFirstPropertyValue("status"),
      dtstamp: component.getFirstPropertyValue("dtstamp").toString(),
      // What a subscribed calendar compares to tell a newer version of the same event.
      sequence: event.sequence,
      lastModified: component.getFirstPropertyValue("last-modified")?.toString() ?? null,
      start: moment(event.startDate),
      end: moment(event.endDate),
    };
  });
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.remove(zone.getFirstPropertyValue("tzid"));
  }
}
process.stdout.write(JSON.stringify(result, null, 1));
