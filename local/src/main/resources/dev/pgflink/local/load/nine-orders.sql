INSERT INTO %1$s (order_number, customer_name, status, total_amount, payment_status, delivery_address, delivery_notes, estimated_delivery_time, driver_id, restaurant_id) VALUES
('2156420','Emma Johnson','Delivered',45.50,'Paid','12 Oak Ave, Springfield','Leave at the door',now(),7,1),
('2156421','Liam Smith','Out for Delivery',32.75,'Paid','48 Pine Rd, Springfield','Ring the bell',now(),3,2),
('2156422','Ava Williams','Preparing',18.20,'Paid','7 Maple Ln, Springfield','',now(),5,1),
('2156423','Noah Brown','Pending',64.00,'Pending','101 Birch Blvd, Springfield','Call on arrival',now(),2,3),
('2156424','Sophia Davis','Delivered',23.90,'Paid','9 Cedar Ct, Springfield','Gate code 4411',now(),4,2),
('2156425','Mason Miller','Preparing',51.35,'Paid','300 Elm St, Springfield','Extra napkins',now(),6,1),
('2156426','Isabella Wilson','Out for Delivery',12.99,'Paid','55 Spruce Way, Springfield','No contact delivery',now(),8,3),
('2156427','James Taylor','Pending',89.20,'Pending','77 Aspen Dr, Springfield','Back entrance',now(),1,2),
('2156428','Olivia Moore','Cancelled',27.30,'Refunded','258 Willow St, Springfield','Customer cancelled the order',now(),NULL,1)
ON CONFLICT (order_number) DO NOTHING
