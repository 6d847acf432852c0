// The organisation's time zone (the server's TIME_ZONE, in its organisation answer): the console
// shows every day and time in it, whatever the browser's zone, so "received" and a note's time
// agree. Apart from labels.ts because the API client (also run by Node in tests) sets it.

let zone = 'Asia/Almaty';
let clock = zoneClock(zone);

function zoneClock(name: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', { timeZone: name, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** Shows days and times in `name` from now on; a zone this browser does not know keeps the current one. */
export function setTimeZone(name: string): void {
  if (name === zone) return;
  try {
    clock = zoneClock(name);
    zone = name;
  } catch {
    // RangeError: not a time zone this browser knows; times stay in the previous zone.
  }
}

/** The day 'YYYY-MM-DD' and the time 'HH:MM' of `date` in the organisation's time zone (digits only: month names are ours). */
export function inTimeZone(date: Date): { day: string; time: string } {
  const parts = Object.fromEntries(clock.formatToParts(date).map((part) => [part.type, part.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
