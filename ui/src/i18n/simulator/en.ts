// The status page's Simulator panel (admins, simulated modem): play the phone network to try
// the box. Spread into ../lang/en.ts.

export const simulatorEn = {
  'sim.title': 'Simulator',
  'sim.intro': 'The modem is simulated: nothing reaches a real phone. Play the phone network here to try the box.',
  'sim.notRunning': 'The simulated modem is not running: {detail}',
  'sim.ring.heading': 'A call',
  'sim.ring.number': 'Caller’s number',
  'sim.ring.ring': 'Ring',
  'sim.ring.answer': 'Ring and pick up',
  'sim.ring.hangUp': 'Caller hangs up',
  'sim.call.ringing': 'Ringing: {number}',
  'sim.call.active': 'In a call with {number}',
  'sim.call.none': 'No call.',
  'sim.sms.heading': 'An incoming SMS',
  'sim.sms.from': 'From',
  'sim.sms.text': 'Message',
  'sim.sms.send': 'Let it arrive',
  'sim.sms.arrived': 'The message arrived ({parts} part(s)); it is in the SMS inbox.',
  'sim.reports.label': 'Delivery reports: sent messages reach “Delivered”',
  'sim.required': 'Required',
};

export type SimulatorMessages = Record<keyof typeof simulatorEn, string>;
