// 状态页的网络卡片（H6）。展开到 ../lang/zh-CN.ts。
import type { networkEn } from './en';

export const networkZh: Record<keyof typeof networkEn, string> = {
  'network.title': '网络',
  'network.openAt': '在浏览器中打开',
  'network.addresses': '如果名称打不开，请输入地址：',
  'network.noAddress': '设备没有网络地址：请检查网线或 Wi-Fi。',
  'network.name': '设备名称',
  'network.nameHint': '小写字母、数字和“-”。电脑和手机通过 名称.local 找到本设备。',
  'network.rename': '改名',
  'network.renamed': '已改名：现在的地址是 {url}',
  'network.nameInvalid': '请用 1–63 个小写字母、数字和“-”，不能以“-”开头或结尾。',
  'serverError.rename_failed': '设备改名失败，名称保持不变。',
  'serverError.rename_unavailable': '本设备不能自行改名：名称由所运行的电脑决定。',
  'entity.box': '设备',
  'audit.sum.box.update': '设备改名为 {name}',
};
