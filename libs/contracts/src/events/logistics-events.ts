export const shipmentStates = ['waiting', 'picked', 'packed', 'shipped', 'delivered', 'returned', 'cancelled'] as const;
export type ShipmentState = (typeof shipmentStates)[number];
export const shipmentSteps = ['pick', 'pack', 'ship', 'deliver', 'return'] as const;
export type ShipmentStep = (typeof shipmentSteps)[number];

export interface ShipmentLine {
  lineId: string;
  sku: string;
  quantity: number;
}
export interface ShipmentCreated {
  orderId: string;
  shipmentId: string;
  lines: ShipmentLine[];
  createdAt: string;
}
/** Shared shape of the step events (picked, packed, shipped, delivered, returned). */
export interface ShipmentStepped {
  orderId: string;
  shipmentId: string;
  at: string;
}
export interface ShipmentCancelled {
  orderId: string;
  shipmentId: string;
  reason: string;
  at: string;
}

export interface LogisticsEventDataMap {
  ShipmentCreated: ShipmentCreated;
  ShipmentPicked: ShipmentStepped;
  ShipmentPacked: ShipmentStepped;
  ShipmentShipped: ShipmentStepped;
  ShipmentDelivered: ShipmentStepped;
  ShipmentReturned: ShipmentStepped;
  ShipmentCancelled: ShipmentCancelled;
}
