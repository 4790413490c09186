import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DEMO = {
  appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM',
  appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
  orgId: 'H35010200227',
};

/** The Java example's params (spec lines 50-110), medOrgOrd made unique per call. */
export function javaExampleParams(): Record<string, unknown> {
  return {
    cardType: '01',
    cardNo: 'D3508701966',
    appType: '01',
    medOrgOrd: `T${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    refundReason: '退款原因，退款成功的推送才需要赋值这个~',
    payOrdId: 'ORD324976159723947394273416',
    orderStatus: 'MERCHANT_PAID',
    orgCode: 'H35010200227',
    subOrgCode: '01',
    patientName: '周大鹏',
    idType: '01',
    idNo: ' 35020519870819015X',
    takeMedicineLoc: '请至东药房104取您的药品！',
    pushType: 'HOSPITAL_PAYMENT',
    scheduledTime: '2022-03-31 07:34:46',
    deptName: '其他内科',
    deptCode: '013423',
    deptLoc: '门诊大厅二楼',
    drName: '周阿鹏',
    drLvName: '主任医生',
    drNo: '342847878193247879999',
    waitingNum: '01',
    checkItem: '核磁共振CRT01',
    createTime: '2022-03-30 13:15:46',
    updateTime: '2022-03-31 07:15:46',
  };
}

/** A loopback server with a hand-written answer, for failures the simulator does not model. */
export async function rawServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
