import type { SimulatorMessages } from './en';

export const simulatorZhCN: SimulatorMessages = {
  'sim.title': '模拟器',
  'sim.intro': '当前是模拟的 GSM 模块：短信和电话不会到达真实手机。可以在这里模拟来电和短信来试用设备。',
  'sim.notRunning': '模拟模块没有运行：{detail}',
  'sim.ring.heading': '来电',
  'sim.ring.number': '来电号码',
  'sim.ring.ring': '响铃',
  'sim.ring.answer': '响铃并接听',
  'sim.ring.hangUp': '对方挂断',
  'sim.call.ringing': '正在响铃：{number}',
  'sim.call.active': '正在与 {number} 通话',
  'sim.call.none': '没有来电。',
  'sim.sms.heading': '收到短信',
  'sim.sms.from': '发件号码',
  'sim.sms.text': '短信内容',
  'sim.sms.send': '模拟收到',
  'sim.sms.arrived': '短信已收到（{parts} 条），请在短信收件箱查看。',
  'sim.reports.label': '送达报告：已发送的短信会变为“已送达”',
  'sim.required': '必填',
};
